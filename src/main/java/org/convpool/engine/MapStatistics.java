package org.convpool.engine;

import java.util.Objects;

/** Computes {@link MapStats} in float64 over float32 map values, as numpy does on {@code map.astype(float64)}. */
public final class MapStatistics {
    private MapStatistics() {
    }

    /**
     * Statistics of the first {@code height * width} values of {@code map}, which is not modified.
     *
     * <p>Two passes: the mean first, then the squared deviations from it, with the corrected two-pass formula so that
     * the variance does not suffer the cancellation of {@code E[x^2] - E[x]^2}.
     *
     * @param map    row-major values, at least {@code height * width} of them, none NaN
     * @param height map rows, at least 1
     * @param width  map columns, at least 1
     * @throws IllegalArgumentException if the map is empty or the array too short
     */
    public static MapStats of(Stage stage, int filter, float[] map, int height, int width) {
        Objects.requireNonNull(map, "map");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("statistics need a non-empty map, not " + height + "x" + width);
        }
        final long count = (long) height * width;
        if (map.length < count) {
            throw new IllegalArgumentException("map has " + map.length + " elements but needs " + count);
        }
        final int n = (int) count;
        float min = map[0];
        float max = map[0];
        double sum = 0;
        long zeros = 0;
        for (int i = 0; i < n; i++) {
            final float v = map[i];
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
            if (v == 0f) {
                zeros++;
            }
            sum += v;
        }
        final double mean = sum / n;
        double squares = 0;
        double deviations = 0;
        for (int i = 0; i < n; i++) {
            final double d = map[i] - mean;
            squares += d * d;
            deviations += d;
        }
        // deviations would be 0 with exact arithmetic; subtracting its square removes the mean's rounding error
        final double variance = Math.max(0, (squares - deviations * deviations / n) / n);
        return new MapStats(stage, filter, height, width, min, max, mean, Math.sqrt(variance), (double) zeros / n);
    }
}
