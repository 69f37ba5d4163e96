package org.convpool.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MapStatisticsTest {
    private static final MathContext EXACT_ENOUGH = new MathContext(60);

    @Test
    void handCheckedSmallMap() {
        final MapStats s = MapStatistics.of(Stage.RELU, 3, new float[] {1, 2, 3, 4}, 2, 2);
        assertEquals(Stage.RELU, s.stage());
        assertEquals(3, s.filter());
        assertEquals(2, s.height());
        assertEquals(2, s.width());
        assertEquals(1.0, s.min());
        assertEquals(4.0, s.max());
        assertEquals(2.5, s.mean());
        assertEquals(Math.sqrt(1.25), s.std(), 1e-15);
        assertEquals(0.0, s.zeroFraction());
    }

    @Test
    void zeroFractionCountsExactZerosOfEitherSign() {
        final MapStats s = MapStatistics.of(Stage.CONV, 0, new float[] {0f, -0f, 1e-30f, -2f, 0f}, 1, 5);
        assertEquals(0.6, s.zeroFraction(), 1e-15);
        assertEquals(-2.0, s.min());
        assertEquals(1e-30f, s.max());
    }

    @Test
    void constantMapHasZeroStd() {
        final float[] map = new float[7 * 3];
        Arrays.fill(map, 0.1f);
        final MapStats s = MapStatistics.of(Stage.POOL, 1, map, 7, 3);
        assertEquals(0.0, s.std());
        assertEquals(0.1f, s.mean(), 1e-17);
        assertEquals(0.0, s.zeroFraction());
    }

    @Test
    void usesOnlyTheFirstHeightTimesWidthValues() {
        final MapStats s = MapStatistics.of(Stage.CONV, 0, new float[] {2, 4, 0, 1000, -1000}, 1, 3);
        assertEquals(0.0, s.min());
        assertEquals(4.0, s.max());
        assertEquals(2.0, s.mean(), 1e-15);
        assertEquals(Math.sqrt(8.0 / 3), s.std(), 1e-15);
        assertEquals(1.0 / 3, s.zeroFraction(), 1e-15);
    }

    @Test
    void matchesExactReferenceOnRandomMaps() {
        final Random random = new Random(99L);
        for (int trial = 0; trial < 20; trial++) {
            final int h = 1 + random.nextInt(300);
            final int w = 1 + random.nextInt(300);
            // a large offset with a small spread is where one-pass formulas lose everything
            final float offset = trial % 2 == 0 ? 0f : 1000f;
            final float[] map = new float[h * w];
            for (int i = 0; i < map.length; i++) {
                map[i] = random.nextInt(4) == 0 ? 0f : offset + (float) random.nextGaussian() * 0.01f;
            }
            assertMatchesReference(map, h, w, "trial " + trial);
        }
    }

    @Test
    void refusesEmptyMapsAndShortArrays() {
        assertThrows(IllegalArgumentException.class, () -> MapStatistics.of(Stage.CONV, 0, new float[4], 0, 4));
        assertThrows(IllegalArgumentException.class, () -> MapStatistics.of(Stage.CONV, 0, new float[4], 3, 2));
    }

    /** Compares with statistics computed in 60-digit decimal arithmetic, rounded once at the end. */
    static void assertMatchesReference(float[] map, int h, int w, String what) {
        final int n = h * w;
        BigDecimal sum = BigDecimal.ZERO;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            sum = sum.add(new BigDecimal(map[i]));
            min = Math.min(min, map[i]);
            max = Math.max(max, map[i]);
            zeros += map[i] == 0f ? 1 : 0;
        }
        final BigDecimal count = BigDecimal.valueOf(n);
        final BigDecimal mean = sum.divide(count, EXACT_ENOUGH);
        BigDecimal squares = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            final BigDecimal d = new BigDecimal(map[i]).subtract(mean);
            squares = squares.add(d.multiply(d));
        }
        final double std = squares.divide(count, EXACT_ENOUGH).sqrt(EXACT_ENOUGH).doubleValue();

        final MapStats s = MapStatistics.of(Stage.CONV, 0, map, h, w);
        assertEquals(min, s.min(), what + ": min");
        assertEquals(max, s.max(), what + ": max");
        assertEquals(mean.doubleValue(), s.mean(), 1e-12 * Math.max(1, Math.abs(mean.doubleValue())), what + ": mean");
        assertEquals(std, s.std(), 1e-9 * std + 1e-15, what + ": std");
        assertEquals((double) zeros / n, s.zeroFraction(), 1e-15, what + ": zero fraction");
    }
}
