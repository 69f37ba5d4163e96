package org.convpool.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector grey conversion gives the scalar fixed-point result for every step, band order, width and offset. */
class SimdGreyTest {
    private static final int[] WEIGHTS = {9798, 19235, 3735}; // OpenCV's R, G and B weights in units of 2^-15
    private static final int[][] ORDERS = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

    @Test
    void matchesTheScalarArithmetic() {
        Random random = new Random(3);
        int[] widths = {1, 3, 4, 7, 8, 9, 11, 12, 13, 16, 31, 64, 65, 1000, 4097};
        for (int step : new int[] {3, 4}) {
            for (int[] order : ORDERS) {
                int w0 = WEIGHTS[order[0]];
                int w1 = WEIGHTS[order[1]];
                int w2 = WEIGHTS[order[2]];
                for (int width : widths) {
                    int from = random.nextInt(5);
                    int to = random.nextInt(5);
                    byte[] data = new byte[from + step * width];
                    random.nextBytes(data);
                    // the extremes, where an overflow or a sign would show
                    for (int x = 0; x < width; x += 5) {
                        Arrays.fill(data, from + step * x, from + step * x + 3, (byte) (x % 10 == 0 ? 255 : 0));
                    }
                    byte[] expected = new byte[to + width + 3];
                    byte[] actual = expected.clone();
                    Arrays.fill(expected, (byte) 77);
                    Arrays.fill(actual, (byte) 77);
                    for (int x = 0, s = from; x < width; x++, s += step) {
                        expected[to + x] = (byte) ((w0 * (data[s] & 0xFF) + w1 * (data[s + 1] & 0xFF)
                                + w2 * (data[s + 2] & 0xFF) + (1 << 14)) >> 15);
                    }
                    SimdGrey.interleaved(data, from, step, w0, w1, w2, 15, actual, to, width);
                    assertArrayEquals(expected, actual, "step " + step + ", order " + Arrays.toString(order)
                            + ", width " + width + ": only the row's bytes change");
                }
            }
        }
    }
}
