package org.convpool.engine;

import static org.convpool.engine.ConvolutionTest.assertBitsEqual;
import static org.convpool.engine.ConvolutionTest.gaussian;
import static org.convpool.engine.ConvolutionTest.sumAbs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaxPoolTest {
    private static final int[][] SIZES = {{1, 1}, {1, 6}, {4, 1}, {2, 2}, {3, 5}, {4, 4}, {7, 9}, {10, 3}, {17, 13}};

    private static final float SENTINEL = -12345.5f;

    @Test
    void matchesNaiveBitForBit() {
        final Random random = new Random(42L);
        int compared = 0;
        for (int[] size : SIZES) {
            final int h = size[0];
            final int w = size[1];
            final float[] in = gaussian(random, h * w);
            for (int k = 1; k <= 4; k++) {
                for (int stride = 1; stride <= 4; stride++) {
                    final float[] expected = MaxPoolNaive.pool(in, h, w, k, stride);
                    final float[] actual = run(in, h, w, k, stride);
                    assertBitsEqual(expected, actual, h + "x" + w + ", window " + k + ", stride " + stride);
                    if (actual.length > 0) {
                        assertTrue(sumAbs(actual) != 0);
                    }
                    compared += actual.length;
                }
            }
        }
        assertTrue(compared > 1000, "only " + compared + " values compared");
    }

    @Test
    void matchesNaiveOnNonNegativeMapsWithTies() {
        // ReLU output: many exact zeros, so ties are common
        final Random random = new Random(5L);
        for (int trial = 0; trial < 30; trial++) {
            final int h = 1 + random.nextInt(40);
            final int w = 1 + random.nextInt(40);
            final float[] in = gaussian(random, h * w);
            Relu.inPlace(in, in.length);
            final int k = 1 + random.nextInt(4);
            final int stride = 1 + random.nextInt(4);
            assertBitsEqual(MaxPoolNaive.pool(in, h, w, k, stride), run(in, h, w, k, stride), "trial " + trial);
        }
    }

    @Test
    void floorModeDropsTheRemainder() {
        // 5x5, window 2, stride 2: row 4 and column 4 belong to no window, so their large values must not show
        final float[] in = new float[25];
        for (int i = 0; i < 25; i++) {
            in[i] = i % 5 == 4 || i >= 20 ? 1000f : i;
        }
        assertArrayEquals(new float[] {6, 8, 16, 18}, run(in, 5, 5, 2, 2));
    }

    @Test
    void strideLargerThanWindowSkipsValues() {
        assertArrayEquals(new float[] {1, 3, 5}, run(new float[] {1, 9, 2, 3, 9, 4, 5}, 1, 7, 1, 3));
        // window 2, stride 3: columns 2 and 5 and the last row fall between or after the windows
        final float[] in = {
            1, 2, 30, 3, 4, 40, 5,
            6, 0, 50, 2, 7, 60, 0,
            90, 90, 90, 90, 90, 90, 90,
        };
        assertArrayEquals(new float[] {6, 7}, run(in, 3, 7, 2, 3));
    }

    @Test
    void overlappingWindows() {
        final float[] in = {
            1, 5, 2,
            3, 0, 4,
            7, 6, 8,
        };
        assertArrayEquals(new float[] {5, 5, 7, 8}, run(in, 3, 3, 2, 1));
    }

    @Test
    void nanPropagatesAsInPyTorch() {
        final float[] in = {
            1, Float.NaN, 2, 3,
            4, 5, 6, 7,
        };
        final float[] out = run(in, 2, 4, 2, 2);
        assertTrue(Float.isNaN(out[0]));
        assertEquals(7f, out[1]);
        assertTrue(Float.isNaN(MaxPoolNaive.pool(in, 2, 4, 2, 2)[0]));
    }

    @Test
    void poolsInPlace() {
        final Random random = new Random(9L);
        for (int k = 1; k <= 4; k++) {
            for (int stride = 1; stride <= 4; stride++) {
                final float[] in = gaussian(random, 15 * 11);
                final float[] expected = MaxPoolNaive.pool(in, 15, 11, k, stride);
                final float[] buffer = in.clone();
                MaxPool.pool(buffer, 15, 11, k, stride, buffer);
                assertBitsEqual(expected, Arrays.copyOf(buffer, expected.length), "window " + k + ", stride " + stride);
            }
        }
    }

    @Test
    void windowLargerThanTheMapGivesNothing() {
        final float[] out = {SENTINEL};
        MaxPool.pool(new float[] {1, 2, 3}, 1, 3, 2, 1, out);
        assertEquals(SENTINEL, out[0]);
    }

    @Test
    void refusesBadArguments() {
        final float[] in = new float[12];
        assertThrows(IllegalArgumentException.class, () -> MaxPool.pool(in, 3, 4, 0, 1, new float[100]));
        assertThrows(IllegalArgumentException.class, () -> MaxPool.pool(in, 3, 4, 2, 0, new float[100]));
        assertThrows(IllegalArgumentException.class, () -> MaxPool.pool(in, 4, 4, 2, 2, new float[100]));
        assertThrows(IllegalArgumentException.class, () -> MaxPool.pool(in, 3, 4, 2, 1, new float[5]));
    }

    /** Runs {@link MaxPool} into a buffer with sentinels after the output, which must survive. */
    private static float[] run(float[] in, int h, int w, int k, int stride) {
        final int n = MaxPoolNaive.outSize(h, k, stride) * MaxPoolNaive.outSize(w, k, stride);
        final float[] out = new float[n + 2];
        Arrays.fill(out, SENTINEL);
        MaxPool.pool(in, h, w, k, stride, out);
        assertEquals(SENTINEL, out[n]);
        assertEquals(SENTINEL, out[n + 1]);
        return Arrays.copyOf(out, n);
    }
}
