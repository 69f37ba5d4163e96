package org.convpool.engine;

import java.io.Serializable;

/**
 * Convolution stride and zero padding, max-pool window and stride, all in pixels.
 *
 * <p>Output sizes follow PyTorch: {@code (n + 2p - k) / s + 1} with floor division, or 0 when the window does not
 * fit at all.
 */
public final class Geometry implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int stride;
    private final int padding;
    private final int pool;
    private final int poolStride;

    /**
     * @param stride     convolution stride, at least 1
     * @param padding    zeros added on every side before convolving, at least 0
     * @param pool       max-pool window side, at least 1
     * @param poolStride max-pool stride, at least 1
     * @throws IllegalArgumentException if a value is out of range
     */
    public Geometry(int stride, int padding, int pool, int poolStride) {
        requireAtLeast("stride", stride, 1);
        requireAtLeast("padding", padding, 0);
        requireAtLeast("pool", pool, 1);
        requireAtLeast("pool stride", poolStride, 1);
        this.stride = stride;
        this.padding = padding;
        this.pool = pool;
        this.poolStride = poolStride;
    }

    /** The seed notebook's geometry: stride 1, no padding, 2x2 pooling with stride 2. */
    public static Geometry defaults() {
        return new Geometry(1, 0, 2, 2);
    }

    private static void requireAtLeast(String what, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", not " + value);
        }
    }

    /** Convolution stride, at least 1. */
    public int stride() {
        return stride;
    }

    /** Zero padding on each side, at least 0. */
    public int padding() {
        return padding;
    }

    /** Max-pool window side, at least 1. */
    public int pool() {
        return pool;
    }

    /** Max-pool stride, at least 1. */
    public int poolStride() {
        return poolStride;
    }

    /**
     * The number of window positions along one axis: {@code (n + 2p - k) / s + 1} when {@code n + 2p >= k}, else 0.
     *
     * @param n input length, at least 0
     * @param k window length, at least 1
     * @param s stride, at least 1
     * @param p padding on each side, at least 0
     * @throws IllegalArgumentException if an argument is out of range or the result does not fit in an int
     */
    public static int outSize(int n, int k, int s, int p) {
        if (n < 0 || k < 1 || s < 1 || p < 0) {
            throw new IllegalArgumentException("need n >= 0, k >= 1, s >= 1, p >= 0, not n=" + n + ", k=" + k
                    + ", s=" + s + ", p=" + p);
        }
        // long, because n + 2p overflows int for large paddings
        final long span = (long) n + 2L * p;
        if (span < k) {
            return 0;
        }
        final long size = (span - k) / s + 1;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("output length " + size + " is too large");
        }
        return (int) size;
    }

    /** Rows of each convolution map for an image of {@code imageHeight} rows, or 0 if the kernel does not fit. */
    public int convHeight(int imageHeight, int kernelHeight) {
        return outSize(imageHeight, kernelHeight, stride, padding);
    }

    /** Columns of each convolution map for an image of {@code imageWidth} columns, or 0 if the kernel does not fit. */
    public int convWidth(int imageWidth, int kernelWidth) {
        return outSize(imageWidth, kernelWidth, stride, padding);
    }

    /** Rows of each pooled map for an image of {@code imageHeight} rows, or 0 if a map would be empty. */
    public int pooledHeight(int imageHeight, int kernelHeight) {
        return outSize(convHeight(imageHeight, kernelHeight), pool, poolStride, 0);
    }

    /** Columns of each pooled map for an image of {@code imageWidth} columns, or 0 if a map would be empty. */
    public int pooledWidth(int imageWidth, int kernelWidth) {
        return outSize(convWidth(imageWidth, kernelWidth), pool, poolStride, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Geometry g
                && stride == g.stride && padding == g.padding && pool == g.pool && poolStride == g.poolStride;
    }

    @Override
    public int hashCode() {
        return ((stride * 31 + padding) * 31 + pool) * 31 + poolStride;
    }

    @Override
    public String toString() {
        return "Geometry[stride=" + stride + ", padding=" + padding + ", pool=" + pool + ", poolStride=" + poolStride
                + "]";
    }
}
