package org.convpool.engine;

import java.util.Arrays;

/**
 * The statistics of one map as the SIMD row loops ({@link SimdRows}) accumulate them: one float32 accumulator per
 * vector lane instead of one per column, so the sums stay in registers along a row.
 *
 * <p>Accuracy as {@link ColumnStats}: sums are of {@code d = v - shift} and {@code d * d} (a fused multiply-add into
 * the running sum); each lane sums a block of {@value SimdRows#BLOCK} vectors plainly in float32, in two interleaved
 * halves added at the block's end, then moves the block's sum exactly into a high/low pair of floats with a two-sum;
 * lanes are added in float64 at the end. Min, max and the zero count are exact. Plain Java, so that it
 * loads without the Vector API; only {@link SimdRows} writes its fields.
 */
final class LaneStats implements StatsAccumulator {
    private final Stage stage;
    private final int filter;
    private final int width;
    final float shift;
    final float[] sumHigh;
    final float[] sumLow;
    final float[] squaresHigh;
    final float[] squaresLow;
    /** A block's plain sums, on their way into the high/low pairs. */
    final float[] blockSum;
    final float[] blockSquares;
    /** Each lane's extremes, and those of the columns past the last whole vector. */
    final float[] laneMin;
    final float[] laneMax;
    float tailMin = Float.POSITIVE_INFINITY;
    float tailMax = Float.NEGATIVE_INFINITY;
    long nonZero;
    /** The sums of the columns past the last whole vector of each row, in float64. */
    double tailSum;
    double tailSquares;
    int rows;

    /**
     * @param lanes the SIMD vector's float lanes
     * @param shift subtracted from every value before it is summed: the closer to the map's mean, the better
     */
    LaneStats(Stage stage, int filter, int width, int lanes, float shift) {
        this.stage = stage;
        this.filter = filter;
        this.width = width;
        this.shift = shift;
        this.sumHigh = new float[lanes];
        this.sumLow = new float[lanes];
        this.squaresHigh = new float[lanes];
        this.squaresLow = new float[lanes];
        this.blockSum = new float[lanes];
        this.blockSquares = new float[lanes];
        this.laneMin = new float[lanes];
        this.laneMax = new float[lanes];
        Arrays.fill(laneMin, Float.POSITIVE_INFINITY);
        Arrays.fill(laneMax, Float.NEGATIVE_INFINITY);
    }

    /** Adds one value past the last whole vector of a row. */
    void addScalar(float v) {
        tailMin = Math.min(tailMin, v);
        tailMax = Math.max(tailMax, v);
        nonZero += v != 0f ? 1 : 0;
        final double d = v - shift;
        tailSum += d;
        tailSquares += d * d;
    }

    @Override
    public void addRow(float[] row) {
        SimdRows.addRow(row, width, this);
    }

    @Override
    public float minimum() {
        float lo = tailMin;
        for (float v : laneMin) {
            lo = Math.min(lo, v);
        }
        return lo;
    }

    @Override
    public float maximum() {
        float hi = tailMax;
        for (float v : laneMax) {
            hi = Math.max(hi, v);
        }
        return hi;
    }

    @Override
    public MapStats finish(float lo, float hi) {
        double s = tailSum;
        double q = tailSquares;
        for (int lane = 0; lane < sumHigh.length; lane++) {
            s += (double) sumHigh[lane] + sumLow[lane];
            q += (double) squaresHigh[lane] + squaresLow[lane];
        }
        return StatsAccumulator.moments(stage, filter, rows, width, lo, hi, shift, nonZero, s, q);
    }
}
