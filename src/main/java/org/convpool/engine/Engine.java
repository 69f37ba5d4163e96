package org.convpool.engine;

import java.io.Serializable;
import java.util.Objects;

/**
 * Runs a filter bank over grey images: scale to [0, 1], convolve with each filter, ReLU, max pool, and collect
 * statistics of every map, as the contract's PyTorch steps do.
 *
 * <p>A facade over two implementations that give the same pooled values bit for bit. {@link #run(GreyImage)},
 * {@link #runRows} and {@link #rows} use the fused one-pass engine, which keeps no full-size map (working memory: a
 * few rows plus the pooled maps) and is the fast path. {@link #run(GreyImage, MapSink)} uses the plain engine, which
 * materialises each whole map, as a {@link MapSink} asks for, and is the reference the fused one is tested against.
 *
 * <p>Immutable and thread-safe; each run allocates its own buffers, but for the pooled maps of
 * {@link #run(GreyImage, ImageArrays)}, which a task keeps from one image to the next.
 */
public final class Engine implements Serializable {
    private static final long serialVersionUID = 1L;

    private final FilterBank bank;
    private final Geometry geometry;
    private final float[][] kernels;
    /** What the filters share: repeats and negations. */
    private final FilterSharing sharing;

    /** An engine applying {@code bank} with {@code geometry}. */
    public Engine(FilterBank bank, Geometry geometry) {
        this.bank = Objects.requireNonNull(bank, "bank");
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.kernels = new float[bank.size()][];
        for (int i = 0; i < kernels.length; i++) {
            kernels[i] = bank.filters().get(i).weights();
        }
        this.sharing = new FilterSharing(kernels);
    }

    /**
     * How engines run in this JVM, for logs: with the SIMD row loops (when the JVM loads the module
     * {@code jdk.incubator.vector}, as Spark 4 starts its drivers and executors) or with the plain Java ones. The
     * results are the same.
     */
    public static String implementation() {
        return Simd.describe();
    }

    /** The bank this engine applies. */
    public FilterBank bank() {
        return bank;
    }

    /** The stride, padding and pooling this engine uses. */
    public Geometry geometry() {
        return geometry;
    }

    /**
     * The first filter of the bank whose weights equal {@code filter}'s, bit for bit: {@code filter} itself, or an
     * earlier filter whose maps are the same as this one's. The fused engine computes such maps once.
     *
     * @param filter 0-based index in bank order
     * @throws IndexOutOfBoundsException if there is no such filter
     */
    public int repeatOf(int filter) {
        return sharing.source[Objects.checkIndex(filter, kernels.length)];
    }

    /** Whether an image of {@code height x width} pixels gives non-empty pooled maps; false for non-positive sizes. */
    public boolean fits(int height, int width) {
        return height > 0 && width > 0
                && geometry.pooledHeight(height, bank.kernelHeight()) > 0
                && geometry.pooledWidth(width, bank.kernelWidth()) > 0;
    }

    /**
     * Computes the features of {@code image} in one fused pass.
     *
     * @param image the grey image; not modified
     * @return the pooled maps and the statistics of every map (means and stds within a few 1e-7 of the std of the
     *         plain engine's, everything else identical)
     * @throws IllegalArgumentException if the image is too small ({@link #fits} is false) or its pooled maps too
     *                                  large for a Java array
     */
    public Features run(GreyImage image) {
        return run(image, ImageArrays.fresh());
    }

    /**
     * As {@link #run(GreyImage)}, with the pooled maps in an array from {@code arrays}, which may be longer than the
     * maps and is valid until {@code arrays} hands out the next one.
     */
    public Features run(GreyImage image, ImageArrays arrays) {
        check(image);
        Objects.requireNonNull(arrays, "arrays");
        return EngineFused.run(kernels, sharing, bank.kernelHeight(), bank.kernelWidth(), geometry, image,
                RowSink.NONE, arrays, Simd.enabled());
    }

    /**
     * As {@link #run(GreyImage)}, also handing every row of every conv, relu and pool map to {@code sink} as it is
     * made, in the order {@link RowSink} describes.
     *
     * @param image the grey image; not modified
     * @param sink  receives the rows; {@link RowSink#NONE} to skip
     * @throws IllegalArgumentException as {@link #run(GreyImage)}
     */
    public Features runRows(GreyImage image, RowSink sink) {
        return runRows(image, sink, Simd.enabled());
    }

    /** As {@link #runRows(GreyImage, RowSink)}, with or without the SIMD row loops. */
    Features runRows(GreyImage image, RowSink sink, boolean simd) {
        check(image);
        Objects.requireNonNull(sink, "sink");
        return EngineFused.run(kernels, sharing, bank.kernelHeight(), bank.kernelWidth(), geometry, image,
                sink, ImageArrays.fresh(), simd);
    }

    /**
     * Hands every row of every conv, relu and pool map of {@code image} to {@code sink}, without computing statistics
     * or keeping the pooled maps: a second pass for consumers, such as pictures, that need a map's statistics before
     * its rows. The rows are bit-identical to those of {@link #runRows}.
     *
     * @param image the grey image; not modified
     * @throws IllegalArgumentException if the image is too small ({@link #fits} is false)
     */
    public void rows(GreyImage image, RowSink sink) {
        check(image);
        Objects.requireNonNull(sink, "sink");
        EngineFused.run(kernels, sharing, bank.kernelHeight(), bank.kernelWidth(), geometry, image, sink,
                null, Simd.enabled());
    }

    /**
     * Computes the features of {@code image} with the plain engine, handing every whole map to {@code sink} as it is
     * made. Needs a float copy of the image and one full-size map (about 9 bytes per pixel) besides the pooled maps.
     *
     * @param image the grey image; not modified
     * @param sink  receives each conv, relu and pool map of each filter; {@link MapSink#NONE} to skip
     * @return the pooled maps and the statistics of every map
     * @throws IllegalArgumentException if the image is too small ({@link #fits} is false) or its maps too large for
     *                                  Java arrays
     */
    public Features run(GreyImage image, MapSink sink) {
        check(image);
        Objects.requireNonNull(sink, "sink");
        return EngineStandard.run(kernels, bank.kernelHeight(), bank.kernelWidth(), geometry, image, sink);
    }

    private void check(GreyImage image) {
        Objects.requireNonNull(image, "image");
        if (!fits(image.height(), image.width())) {
            throw new IllegalArgumentException("a " + image.height() + "x" + image.width() + " image is too small for "
                    + bank.kernelHeight() + "x" + bank.kernelWidth() + " filters with " + geometry
                    + ": the pooled maps would be empty");
        }
    }

    /** {@code size} as an array length, or an exception naming {@code what} if no Java array can be that long. */
    static int arraySize(String what, long size) {
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
