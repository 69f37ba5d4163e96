package org.convpool.engine;

import java.util.Arrays;

/**
 * The engine in one pass over the image, holding no full-size float map: the fast path behind {@link Engine}.
 *
 * <p>Output rows are made in order. For each, the input rows under the kernel are scaled into a ring of {@code kh}
 * zero-padded float rows ({@link InputRing}); then for each filter the conv row is computed, its statistics and those
 * of its ReLU are accumulated and the row is rectified in place, and it lands in a ring of {@code pool} rows per
 * filter, from which each pooled row is taken as soon as its window is complete. A filter that repeats an earlier one
 * is computed once, and one that negates an earlier one takes its conv rows from that one's by a subtraction
 * ({@link FilterSharing}). Working memory is about {@code kh * kw + filters * (pool + 16)} rows plus the pooled maps,
 * and the rows stay in the core's caches while every stage reads them.
 *
 * <p>The row loops are either the SIMD ones ({@link SimdRows}, {@link LaneStats}: stride 1, when {@link Simd} allows)
 * or plain Java loops that HotSpot vectorises itself ({@link ConvolutionRows}, {@link ColumnStats}, the pooling
 * here). Both give the same values: pooled values and conv and relu rows are bit-identical to {@link EngineStandard}'s
 * (same float32 operations in the same order); min, max and zero fractions are exact; means and standard deviations
 * agree to a few 1e-7 of the std. Arguments are trusted.
 */
final class EngineFused {
    /** Pooled rows sampled before the pass to choose the statistics' shifts. */
    private static final int SAMPLED_POOL_ROWS = 8;

    private final float[][] kernels;
    private final int kh;
    private final int kw;
    private final int stride;
    private final int pool;
    private final int poolStride;
    private final int oh;
    private final int ow;
    private final int ph;
    private final int pw;
    private final GreyImage image;
    private final int padding;
    /** Whether the rows go through {@link SimdRows} rather than {@link ConvolutionRows} and {@link ColumnStats}. */
    private final boolean simd;
    /** Whether pooling is {@link SimdRows#pool2}'s: SIMD rows and 2x2 windows at stride 2. */
    private final boolean simdPool2;

    private EngineFused(float[][] kernels, int kh, int kw, Geometry geometry, GreyImage image, boolean simd) {
        this.kernels = kernels;
        this.kh = kh;
        this.kw = kw;
        this.stride = geometry.stride();
        this.padding = geometry.padding();
        this.pool = geometry.pool();
        this.poolStride = geometry.poolStride();
        this.oh = geometry.convHeight(image.height(), kh);
        this.ow = geometry.convWidth(image.width(), kw);
        this.ph = geometry.pooledHeight(image.height(), kh);
        this.pw = geometry.pooledWidth(image.width(), kw);
        this.image = image;
        this.simd = simd && stride == 1;
        this.simdPool2 = this.simd && pool == 2 && poolStride == 2;
    }

    /**
     * Runs the pass.
     *
     * @param sharing  what the filters of {@code kernels} share
     * @param arrays   where the pooled maps go, with the statistics computed; null when only {@code sink} needs the
     *                 maps, and null is returned
     * @param simd     whether to use the SIMD row loops for stride 1 ({@link Simd#enabled} must be true); the results
     *                 are the same either way
     */
    static Features run(float[][] kernels, FilterSharing sharing, int kh, int kw, Geometry geometry,
            GreyImage image, RowSink sink, ImageArrays arrays, boolean simd) {
        EngineFused pass = new EngineFused(kernels, kh, kw, geometry, image, simd);
        float[] pooled = arrays == null ? null : arrays.pooled(
                Engine.arraySize("the pooled maps", (long) sharing.distinctMaps * pass.ph * pass.pw));
        return pass.run(sharing, sink, pooled);
    }

    /** The pass; {@code pooled} receives the pooled maps, or is null when only {@code sink} needs the maps. */
    private Features run(FilterSharing sharing, RowSink sink, float[] pooled) {
        final int[] source = sharing.source;
        final int[][] repeats = sharing.copies;
        final int[] maps = sharing.maps;
        final int[] negates = sharing.negates;
        final int channels = kernels.length;
        final boolean features = pooled != null;
        final InputRing input = new InputRing();
        final float[][][] rings = new float[channels][pool][ow];
        final float[] columnMax = new float[ow];
        final float[] shifted = new float[ow];
        final float[] pooledRow = new float[pw];
        final StatsAccumulator[] conv = new StatsAccumulator[channels];
        final StatsAccumulator[] relu = new StatsAccumulator[channels];
        final StatsAccumulator[] pooledStats = new StatsAccumulator[channels];
        // the conv rows of the filters that a later one negates, kept for it before they are rectified
        final float[][] convKept = new float[channels][];
        for (int c = 0; c < channels; c++) {
            convKept[c] = sharing.negated[c] ? new float[ow] : null;
        }
        if (features) {
            final float[][] shifts = shifts(source);
            for (int c = 0; c < channels; c++) {
                if (source[c] != c) {
                    continue;
                }
                conv[c] = stats(Stage.CONV, c, ow, true, shifts[0][c]);
                relu[c] = stats(Stage.RELU, c, ow, false, shifts[1][c]);
                pooledStats[c] = stats(Stage.POOL, c, pw, true, shifts[2][c]);
            }
        }

        // with SIMD, when nobody needs the conv rows, a row is convolved, rectified and summed in one sweep, and its
        // pooled rows go straight into the pooled maps
        final boolean oneSweep = simd && features && sink == RowSink.NONE;
        for (int oy = 0; oy < oh; oy++) {
            input.advanceTo(oy);
            final int windowTop = oy - pool + 1;
            final int py = windowTop >= 0 && windowTop % poolStride == 0 ? windowTop / poolStride : -1;
            final boolean poolNow = py >= 0 && py < ph;
            for (int c = 0; c < channels; c++) {
                if (source[c] != c) {
                    continue;
                }
                final float[][] ring = rings[c];
                final float[] row = ring[oy % pool];
                if (oneSweep && negates[c] >= 0) {
                    SimdRows.negatedRelu(convKept[negates[c]], row, ow, (LaneStats) conv[c], (LaneStats) relu[c]);
                } else if (oneSweep) {
                    SimdRows.convolveRelu(input.rows(), kernels[c], kh, kw, row, ow, (LaneStats) conv[c],
                            (LaneStats) relu[c], convKept[c]);
                } else {
                    if (negates[c] >= 0) {
                        negate(convKept[negates[c]], row, ow);
                    } else {
                        convolve(input, kernels[c], row);
                    }
                    if (convKept[c] != null) {
                        System.arraycopy(row, 0, convKept[c], 0, ow);
                    }
                    accept(sink, Stage.CONV, c, repeats[c], oy, row, ow);
                    if (!features) {
                        Relu.inPlace(row, ow);
                    } else if (simd) {
                        SimdRows.relu(row, ow, (LaneStats) conv[c], (LaneStats) relu[c]);
                    } else {
                        ColumnStats.addConvRow(row, ow, (ColumnStats) conv[c], (ColumnStats) relu[c]);
                    }
                }
                accept(sink, Stage.RELU, c, repeats[c], oy, row, ow);
                if (poolNow && oneSweep && simdPool2) {
                    final int at = (maps[c] * ph + py) * pw;
                    SimdRows.pool2(ring[windowTop % 2], ring[(windowTop + 1) % 2], pooled, at, pw);
                    SimdRows.addRow(pooled, at, pw, (LaneStats) pooledStats[c]);
                } else if (poolNow) {
                    poolRow(ring, windowTop, columnMax, shifted, pooledRow);
                    if (features) {
                        pooledStats[c].addRow(pooledRow);
                        System.arraycopy(pooledRow, 0, pooled, (maps[c] * ph + py) * pw, pw);
                    }
                    accept(sink, Stage.POOL, c, repeats[c], py, pooledRow, pw);
                }
            }
        }
        if (!features) {
            return null;
        }
        final MapStats[] stats = new MapStats[3 * channels];
        for (int c = 0; c < channels; c++) {
            if (source[c] != c) {
                final int s = source[c];
                stats[c] = renumbered(stats[s], c);
                stats[channels + c] = renumbered(stats[channels + s], c);
                stats[2 * channels + c] = renumbered(stats[2 * channels + s], c);
                continue;
            }
            stats[c] = conv[c].finish();
            // ReLU is monotonic: its extremes are the conv ones, clamped at 0 (which also turns -0f into 0f)
            stats[channels + c] = relu[c].finish(Math.max(conv[c].minimum(), 0f), Math.max(conv[c].maximum(), 0f));
            stats[2 * channels + c] = pooledStats[c].finish();
        }
        return new Features(image.height(), image.width(), channels, ph, pw, pooled, maps, Arrays.asList(stats));
    }

    private StatsAccumulator stats(Stage stage, int filter, int width, boolean extremes, float shift) {
        return simd ? new LaneStats(stage, filter, width, SimdRows.lanes(), shift)
                : new ColumnStats(stage, filter, width, extremes, shift);
    }

    /** Conv row {@code out[0..ow)} of {@code kernel} from the input rows {@code input} last gave out. */
    private void convolve(InputRing input, float[] kernel, float[] out) {
        if (simd) {
            SimdRows.convolve(input.rows(), kernel, kh, kw, out, ow);
        } else {
            ConvolutionRows.convolve(input.taps(), kernel, kh, kw, stride, out, ow);
        }
    }

    /** {@code out[x] = 0f - conv[x]}: the conv row of a filter that negates another (see {@link FilterSharing}). */
    private static void negate(float[] conv, float[] out, int n) {
        for (int x = 0; x < n; x++) {
            out[x] = 0f - conv[x];
        }
    }

    /** Hands a row to the sink as filter {@code filter}'s, then as each of its repeats'. */
    private static void accept(RowSink sink, Stage stage, int filter, int[] repeats, int y, float[] row, int width) {
        sink.accept(stage, filter, y, row, width);
        for (int repeat : repeats) {
            sink.accept(stage, repeat, y, row, width);
        }
    }

    private static MapStats renumbered(MapStats s, int filter) {
        return new MapStats(s.stage(), filter, s.height(), s.width(), s.min(), s.max(), s.mean(), s.std(),
                s.zeroFraction());
    }

    /**
     * The shifts for the statistics, {@code [stage][filter]}: means of the conv, relu and pool values of a few pooling
     * windows spread down the image. The closer a shift is to its map's mean, the less the shifted sums lose (see
     * {@link ColumnStats}); a map's first row, the obvious choice, is a poor guess when it is a padded border.
     */
    private float[][] shifts(int[] source) {
        final int channels = kernels.length;
        final int samples = Math.min(SAMPLED_POOL_ROWS, ph);
        final double[][] sums = new double[3][channels];
        final InputRing input = new InputRing();
        final float[][][] windows = new float[channels][pool][ow];
        final float[] columnMax = new float[ow];
        final float[] shifted = new float[ow];
        final float[] pooledRow = new float[pw];
        for (int s = 0; s < samples; s++) {
            // evenly spread and increasing, as the input ring needs
            final int py = (int) ((2L * s + 1) * ph / (2L * samples));
            final int windowTop = py * poolStride;
            for (int r = 0; r < pool; r++) {
                input.advanceTo(windowTop + r);
                for (int c = 0; c < channels; c++) {
                    if (source[c] != c) {
                        continue; // a repeat: its source's statistics are used
                    }
                    final float[] row = windows[c][(windowTop + r) % pool];
                    convolve(input, kernels[c], row);
                    sums[0][c] += sum(row, ow);
                    Relu.inPlace(row, ow);
                    sums[1][c] += sum(row, ow);
                }
            }
            for (int c = 0; c < channels; c++) {
                if (source[c] != c) {
                    continue;
                }
                poolRow(windows[c], windowTop, columnMax, shifted, pooledRow);
                sums[2][c] += sum(pooledRow, pw);
            }
        }
        final float[][] shifts = new float[3][channels];
        for (int c = 0; c < channels; c++) {
            shifts[0][c] = (float) (sums[0][c] / ((double) samples * pool * ow));
            shifts[1][c] = (float) (sums[1][c] / ((double) samples * pool * ow));
            shifts[2][c] = (float) (sums[2][c] / ((double) samples * pw));
        }
        return shifts;
    }

    private static double sum(float[] row, int n) {
        double s = 0;
        for (int x = 0; x < n; x++) {
            s += row[x];
        }
        return s;
    }

    /**
     * Max-pools the window rows {@code [windowTop, windowTop + pool)} of the ring into {@code out}: down the columns
     * first, then across, each a {@code Math.max} of whole rows (the row against a copy of itself shifted left by one
     * column), which vectorises, and finally every {@code poolStride}-th column is picked. Max is exact and
     * order-free, so this equals {@link MaxPool}'s result bit for bit.
     *
     * @param columnMax at least {@code ow} elements, overwritten
     * @param shifted   at least {@code ow} elements, overwritten
     */
    private void poolRow(float[][] ring, int windowTop, float[] columnMax, float[] shifted, float[] out) {
        if (simdPool2) {
            SimdRows.pool2(ring[windowTop % 2], ring[(windowTop + 1) % 2], out, pw);
            return;
        }
        if (pool == 1) {
            System.arraycopy(ring[windowTop % pool], 0, columnMax, 0, ow);
        } else {
            // the first two rows straight into columnMax: a copy of the first would be one more pass over a row
            maxOf(ring[windowTop % pool], ring[(windowTop + 1) % pool], columnMax, ow);
        }
        for (int r = 2; r < pool; r++) {
            maxInto(columnMax, ring[(windowTop + r) % pool], ow);
        }
        // after step c, columnMax[x] is the max of the original columns [x, x + c]: the max of itself and its
        // right neighbour after step c - 1; shifting by copy keeps both operands at the same index
        int valid = (pw - 1) * poolStride + pool;
        for (int c = 1; c < pool; c++) {
            valid--;
            System.arraycopy(columnMax, 1, shifted, 0, valid);
            maxInto(columnMax, shifted, valid);
        }
        for (int px = 0, x = 0; px < pw; px++, x += poolStride) {
            out[px] = columnMax[x];
        }
    }

    /** {@code out[x] = max(a[x], b[x])} for x in [0, n). */
    private static void maxOf(float[] a, float[] b, float[] out, int n) {
        for (int x = 0; x < n; x++) {
            out[x] = Math.max(a[x], b[x]);
        }
    }

    /** {@code acc[x] = max(acc[x], row[x])} for x in [0, n). */
    private static void maxInto(float[] acc, float[] row, int n) {
        for (int x = 0; x < n; x++) {
            acc[x] = Math.max(acc[x], row[x]);
        }
    }

    /**
     * The scaled input rows under the kernel: padded row j in slot {@code j % kh}, with (for stride 1 without SIMD) a
     * copy shifted left by c for each kernel column c, so that every tap reads its input at the output's own index
     * (see {@link ConvolutionRows}). Rows are filled as output rows ask for them, which must be in increasing order.
     */
    private final class InputRing {
        private final int shifts = stride == 1 && !simd ? kw : 1;
        private final float[][][] slots = new float[kh][shifts][];
        private final float[][][] taps = new float[kh][][];
        private final float[][] rows = new float[kh][];
        /** Padded rows [0, filled) have been through the ring. */
        private int filled;

        InputRing() {
            final int paddedWidth = Engine.arraySize("a padded row", (long) image.width() + 2L * padding);
            for (int slot = 0; slot < kh; slot++) {
                slots[slot][0] = new float[paddedWidth];
                for (int c = 1; c < shifts; c++) {
                    slots[slot][c] = new float[ow];
                }
            }
        }

        /** Makes {@link #taps} and {@link #rows} those of conv row {@code oy}. */
        void advanceTo(int oy) {
            final int top = oy * stride;
            filled = Math.max(filled, top); // with stride > kh some rows are under no kernel at all
            for (; filled < top + kh; filled++) {
                final float[][] slot = slots[filled % kh];
                fillRow(filled, slot[0]);
                for (int c = 1; c < shifts; c++) {
                    System.arraycopy(slot[0], c, slot[c], 0, ow);
                }
            }
            for (int r = 0; r < kh; r++) {
                taps[r] = slots[(top + r) % kh];
                rows[r] = taps[r][0];
            }
        }

        /** The taps of the current conv row, {@code taps[r][c]}, as {@link ConvolutionRows#convolve} takes them. */
        float[][][] taps() {
            return taps;
        }

        /** The padded input rows under the kernel for the current conv row, as {@link SimdRows} takes them. */
        float[][] rows() {
            return rows;
        }

        /** Scales image row {@code j - padding} into {@code dst[padding..padding + width)}, or zeros the row. */
        private void fillRow(int j, float[] dst) {
            final int width = image.width();
            final int iy = j - padding;
            if (iy < 0 || iy >= image.height()) {
                Arrays.fill(dst, 0f);
                return;
            }
            // the padding columns are never written, so they stay 0
            final byte[] pixels = image.pixels();
            if (simd) {
                SimdRows.scale(pixels, iy * width, dst, padding, width);
                return;
            }
            final float[] scale = GreyLevels.SCALED;
            for (int x = 0, s = iy * width, d = padding; x < width; x++) {
                dst[d++] = scale[pixels[s++] & 0xFF];
            }
        }
    }
}
