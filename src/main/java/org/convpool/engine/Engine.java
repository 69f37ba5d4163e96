package org.convpool.engine;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Runs a filter bank over grey images: scale to [0, 1], convolve with each filter, ReLU, max pool, and collect
 * statistics of every map, as the contract's PyTorch steps do.
 *
 * <p>Immutable and thread-safe; each {@link #run} allocates its own buffers: the scaled image, one convolution map
 * reused for every filter, and the pooled output.
 */
public final class Engine implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@code (float) g / 255f} for every grey level g, the contract's float32 scaling. */
    private static final float[] SCALE = new float[256];

    static {
        for (int g = 0; g < 256; g++) {
            SCALE[g] = (float) g / 255f;
        }
    }

    private final FilterBank bank;
    private final Geometry geometry;
    private final float[][] kernels;

    /** An engine applying {@code bank} with {@code geometry}. */
    public Engine(FilterBank bank, Geometry geometry) {
        this.bank = Objects.requireNonNull(bank, "bank");
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.kernels = new float[bank.size()][];
        for (int i = 0; i < kernels.length; i++) {
            kernels[i] = bank.filters().get(i).weights();
        }
    }

    /** The bank this engine applies. */
    public FilterBank bank() {
        return bank;
    }

    /** The stride, padding and pooling this engine uses. */
    public Geometry geometry() {
        return geometry;
    }

    /** Whether an image of {@code height x width} pixels gives non-empty pooled maps; false for non-positive sizes. */
    public boolean fits(int height, int width) {
        return height > 0 && width > 0
                && geometry.pooledHeight(height, bank.kernelHeight()) > 0
                && geometry.pooledWidth(width, bank.kernelWidth()) > 0;
    }

    /**
     * Computes the features of {@code image}, handing every map to {@code sink} as it is made.
     *
     * @param image the grey image; not modified
     * @param sink  receives each conv, relu and pool map of each filter; {@link MapSink#NONE} to skip
     * @return the pooled maps and the statistics of every map
     * @throws IllegalArgumentException if the image is too small ({@link #fits} is false) or its maps too large for
     *                                  Java arrays
     */
    public Features run(GreyImage image, MapSink sink) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(sink, "sink");
        final int height = image.height();
        final int width = image.width();
        final int kh = bank.kernelHeight();
        final int kw = bank.kernelWidth();
        if (!fits(height, width)) {
            throw new IllegalArgumentException("a " + height + "x" + width + " image is too small for " + kh + "x" + kw
                    + " filters with " + geometry + ": the pooled maps would be empty");
        }
        final int oh = geometry.convHeight(height, kh);
        final int ow = geometry.convWidth(width, kw);
        final int ph = geometry.pooledHeight(height, kh);
        final int pw = geometry.pooledWidth(width, kw);
        final int channels = kernels.length;
        final int convSize = arraySize("a convolution map", (long) oh * ow);
        final int pooledSize = ph * pw;
        final float[] pooled = new float[arraySize("the pooled maps", (long) channels * pooledSize)];

        final float[] input = scale(image.pixels());
        final float[] map = new float[convSize];
        final MapStats[] stats = new MapStats[3 * channels];
        for (int c = 0; c < channels; c++) {
            Convolution.convolve(input, height, width, kernels[c], kh, kw, geometry.stride(), geometry.padding(), map);
            stats[c] = MapStatistics.of(Stage.CONV, c, map, oh, ow);
            sink.accept(Stage.CONV, c, map, oh, ow);

            Relu.inPlace(map, convSize);
            stats[channels + c] = MapStatistics.of(Stage.RELU, c, map, oh, ow);
            sink.accept(Stage.RELU, c, map, oh, ow);

            // pooling in place: the activated map is no longer needed, and no second buffer is
            MaxPool.pool(map, oh, ow, geometry.pool(), geometry.poolStride(), map);
            stats[2 * channels + c] = MapStatistics.of(Stage.POOL, c, map, ph, pw);
            sink.accept(Stage.POOL, c, map, ph, pw);
            System.arraycopy(map, 0, pooled, c * pooledSize, pooledSize);
        }
        return new Features(height, width, channels, ph, pw, pooled, Arrays.asList(stats));
    }

    /** {@link #run(GreyImage, MapSink)} without a sink. */
    public Features run(GreyImage image) {
        return run(image, MapSink.NONE);
    }

    private static float[] scale(byte[] pixels) {
        final float[] scaled = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            scaled[i] = SCALE[pixels[i] & 0xFF];
        }
        return scaled;
    }

    private static int arraySize(String what, long size) {
        // a little under Integer.MAX_VALUE, the largest array most JVMs allocate
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " would hold " + size + " values, more than a Java array can");
        }
        return (int) size;
    }

    @Override
    public String toString() {
        return "Engine[" + bank + ", " + geometry + "]";
    }
}
