package org.convpool.engine;

/**
 * The statistics of one map, accumulated by the fused engine a row at a time: {@link ColumnStats} for the plain Java
 * row loops, {@link LaneStats} for the SIMD ones.
 */
interface StatsAccumulator {
    /** Adds the first {@code width} values of {@code row}, which is not modified. */
    void addRow(float[] row);

    /** The smallest value added; only for a map that tracks extremes. */
    float minimum();

    /** The largest value added; only for a map that tracks extremes. */
    float maximum();

    /** The statistics of all rows added, for a map that tracks its extremes. Call after the last row. */
    default MapStats finish() {
        return finish(minimum(), maximum());
    }

    /** The statistics of all rows added, with min and max given by the caller. Call after the last row. */
    MapStats finish(float lo, float hi);

    /**
     * Mean, population std and zero fraction from shifted sums: {@code sum} of {@code v - shift} and {@code squares}
     * of its squares over {@code rows * width} values, {@code nonZeros} of them non-zero.
     */
    static MapStats moments(Stage stage, int filter, int rows, int width, float lo, float hi, float shift,
            long nonZeros, double sum, double squares) {
        final double n = (double) rows * width;
        final double meanDeviation = sum / n;
        final double variance = Math.max(0, (squares - sum * meanDeviation) / n);
        return new MapStats(stage, filter, rows, width, lo, hi, shift + meanDeviation, Math.sqrt(variance),
                (n - nonZeros) / n);
    }
}
