package org.convpool.engine;

import java.util.Arrays;

/**
 * The statistics of one map, accumulated a row at a time in one float32 accumulator per column.
 *
 * <p>Why columns: the plain statistics ({@link MapStatistics}) take the whole map and two scalar float64 passes, which
 * cost more than the convolution itself. Per-column accumulators turn every update into an element-wise array
 * operation over the row, which the JIT vectorises, while a running float64 sum would stay scalar. The loops are kept
 * small on purpose: HotSpot 17 stops vectorising a loop body past a few arrays and operations.
 *
 * <p>Accuracy: min, max and the zero count are exact. Sums are of {@code d = v - shift} and {@code d * d}, where the
 * shift is an estimate of the map's mean made before the pass, so they stay near the variance itself and
 * {@code E[d^2] - E[d]^2} suffers no cancellation to speak of. Down each column, {@value #SUM_FLUSH_ROWS} rows are
 * summed plainly in float32 and then moved exactly into a high/low pair of floats (cheaper than Kahan summation of
 * every value, and as accurate to a few units in the last place); columns are added in float64 at the end. Each
 * {@code d} and {@code d * d} is rounded once in float32, so mean and std come within a few 1e-7 of the std
 * (relative) of the two-pass float64 result, as long as the shift is within a few stds of the mean.
 */
final class ColumnStats implements StatsAccumulator {
    /** {@code |v| * TINY_TO_ONE_A * TINY_TO_ONE_B >= 1} for every non-zero float, even the smallest subnormal 2^-149. */
    private static final float TINY_TO_ONE_A = 0x1p75f;
    private static final float TINY_TO_ONE_B = 0x1p74f;
    /** Rows summed plainly in float32 before the sums move into the exact high/low pairs. */
    private static final int SUM_FLUSH_ROWS = 8;
    /** Rows after which the float32 non-zero counts move to a long, before they could lose a unit (2^24). */
    private static final int COUNT_FLUSH_ROWS = 1 << 23;

    private final Stage stage;
    private final int filter;
    private final int width;
    private final float[] min;
    private final float[] max;
    private final float[] nonZero;
    private final float[] sum;
    private final float[] sumHigh;
    private final float[] sumLow;
    private final float[] squares;
    private final float[] squaresHigh;
    private final float[] squaresLow;
    private final float shift;
    private int rows;
    private long nonZeroFlushed;

    /**
     * @param extremes whether to track min and max; a relu map's follow from its conv map's
     * @param shift    subtracted from every value before it is summed: the closer to the map's mean, the better
     */
    ColumnStats(Stage stage, int filter, int width, boolean extremes, float shift) {
        this.shift = shift;
        this.stage = stage;
        this.filter = filter;
        this.width = width;
        this.min = extremes ? new float[width] : null;
        this.max = extremes ? new float[width] : null;
        if (extremes) {
            Arrays.fill(min, Float.POSITIVE_INFINITY);
            Arrays.fill(max, Float.NEGATIVE_INFINITY);
        }
        this.nonZero = new float[width];
        this.sum = new float[width];
        this.sumHigh = new float[width];
        this.sumLow = new float[width];
        this.squares = new float[width];
        this.squaresHigh = new float[width];
        this.squaresLow = new float[width];
    }

    @Override
    public void addRow(final float[] row) {
        extremes(row, width, min, max);
        nonZeroAndSums(row, width, nonZero, sum, squares, shift);
        endRow();
    }

    /**
     * Adds a conv row to {@code conv} and its ReLU to {@code relu}, replacing the row by its ReLU on the way.
     */
    static void addConvRow(final float[] row, final int width, final ColumnStats conv, final ColumnStats relu) {
        extremes(row, width, conv.min, conv.max);
        nonZeroAndSums(row, width, conv.nonZero, conv.sum, conv.squares, conv.shift);
        reluAndSums(row, width, relu.nonZero, relu.sum, relu.squares, relu.shift);
        conv.endRow();
        relu.endRow();
    }

    private static void extremes(final float[] row, final int width, final float[] min, final float[] max) {
        if (min == null) {
            return;
        }
        for (int x = 0; x < width; x++) {
            final float v = row[x];
            min[x] = Math.min(min[x], v);
            max[x] = Math.max(max[x], v);
        }
    }

    /**
     * Counts non-zero values without a branch (a compare does not vectorise here) and sums {@code v - shift} and its
     * square.
     */
    private static void nonZeroAndSums(final float[] row, final int width, final float[] nonZero, final float[] sum,
            final float[] squares, final float shift) {
        for (int x = 0; x < width; x++) {
            final float v = row[x];
            nonZero[x] += Math.min(Math.abs(v) * TINY_TO_ONE_A * TINY_TO_ONE_B, 1f);
            final float d = v - shift;
            sum[x] += d;
            squares[x] += d * d;
        }
    }

    /** Rectifies the row in place, then as {@link #nonZeroAndSums}, which needs no absolute value for {@code v >= 0}. */
    private static void reluAndSums(final float[] row, final int width, final float[] nonZero, final float[] sum,
            final float[] squares, final float shift) {
        for (int x = 0; x < width; x++) {
            final float v = Math.max(row[x], 0f);
            row[x] = v;
            nonZero[x] += Math.min(v * TINY_TO_ONE_A * TINY_TO_ONE_B, 1f);
            final float d = v - shift;
            sum[x] += d;
            squares[x] += d * d;
        }
    }

    /**
     * Moves the plain partial sums into {@code high + low} with Knuth's branch-free two-sum, which is exact, and
     * clears them: the only rounding left is in the few plain additions between flushes.
     */
    private static void flush(final float[] partial, final float[] high, final float[] low, final int width) {
        for (int x = 0; x < width; x++) {
            final float p = partial[x];
            final float h = high[x];
            final float s = h + p;
            final float hp = s - p;
            low[x] += (h - hp) + (p - (s - hp));
            high[x] = s;
            partial[x] = 0f;
        }
    }

    private void endRow() {
        rows++;
        if (rows % SUM_FLUSH_ROWS == 0) {
            flush(sum, sumHigh, sumLow, width);
            flush(squares, squaresHigh, squaresLow, width);
        }
        if (rows % COUNT_FLUSH_ROWS == 0) {
            for (int x = 0; x < width; x++) {
                nonZeroFlushed += (long) nonZero[x];
                nonZero[x] = 0f;
            }
        }
    }

    @Override
    public float minimum() {
        float lo = Float.POSITIVE_INFINITY;
        for (int x = 0; x < width; x++) {
            lo = Math.min(lo, min[x]);
        }
        return lo;
    }

    @Override
    public float maximum() {
        float hi = Float.NEGATIVE_INFINITY;
        for (int x = 0; x < width; x++) {
            hi = Math.max(hi, max[x]);
        }
        return hi;
    }

    @Override
    public MapStats finish(float lo, float hi) {
        long nonZeros = nonZeroFlushed;
        double s = 0;
        double q = 0;
        for (int x = 0; x < width; x++) {
            nonZeros += (long) nonZero[x];
            s += (double) sumHigh[x] + sumLow[x] + sum[x];
            q += (double) squaresHigh[x] + squaresLow[x] + squares[x];
        }
        return StatsAccumulator.moments(stage, filter, rows, width, lo, hi, shift, nonZeros, s, q);
    }
}
