package org.convpool.engine;

import java.util.Objects;

/** Max pooling, as {@code torch.nn.functional.max_pool2d(kernel_size=k, stride=stride)}: floor mode, no padding. */
public final class MaxPool {
    private MaxPool() {
    }

    /**
     * Writes the maximum of each {@code k x k} window of {@code in} to {@code out}; windows start every
     * {@code stride} pixels and rows or columns left over at the end are dropped.
     *
     * <p>{@code out} may be {@code in} itself: output {@code j} is written only after its window is read, and every
     * later window starts at an input index greater than {@code j}.
     *
     * @param in     {@code height * width} values, row-major
     * @param height input rows, at least 1
     * @param width  input columns, at least 1
     * @param k      window side, at least 1
     * @param stride step between windows, at least 1
     * @param out    receives {@code ph * pw} values, row-major, {@code ph = (height - k) / stride + 1} (0 when
     *               {@code height < k}), likewise {@code pw}; only those elements are written
     * @throws IllegalArgumentException if a size is out of range or an array is too short
     */
    public static void pool(final float[] in, final int height, final int width, final int k, final int stride,
            final float[] out) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input size must be positive, not " + height + "x" + width);
        }
        if (in.length < (long) height * width) {
            throw new IllegalArgumentException("in has " + in.length + " elements but needs " + (long) height * width);
        }
        final int ph = Geometry.outSize(height, k, stride, 0);
        final int pw = Geometry.outSize(width, k, stride, 0);
        if (out.length < (long) ph * pw) {
            throw new IllegalArgumentException("out has " + out.length + " elements but needs " + (long) ph * pw);
        }
        int o = 0;
        for (int py = 0; py < ph; py++) {
            final int top = py * stride * width;
            for (int px = 0; px < pw; px++) {
                final int corner = top + px * stride;
                // strict '>' from the first element keeps the first of equal maxima, as PyTorch does
                float m = in[corner];
                for (int r = 0, row = corner; r < k; r++, row += width) {
                    for (int i = row, end = row + k; i < end; i++) {
                        final float v = in[i];
                        if (v > m) {
                            m = v;
                        }
                    }
                }
                out[o++] = m;
            }
        }
    }
}
