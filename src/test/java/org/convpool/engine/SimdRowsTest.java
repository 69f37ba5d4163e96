package org.convpool.engine;

import static org.convpool.engine.ConvolutionTest.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SIMD loops' pieces that {@link EngineFusedTest} reaches only through whole images. */
class SimdRowsTest {
    @Test
    void scalesEveryGreyLevelAsTheTableDoes() {
        // the multiply-and-correct replaces a division: all 256 levels, at every offset a vector's tail can start
        for (int offset = 0; offset < 2 * SimdRows.lanes(); offset++) {
            final byte[] pixels = new byte[offset + 256];
            for (int g = 0; g < 256; g++) {
                pixels[offset + g] = (byte) g;
            }
            final float[] scaled = new float[3 + 256];
            SimdRows.scale(pixels, offset, scaled, 3, 256);
            for (int g = 0; g < 256; g++) {
                assertEquals(Float.floatToRawIntBits(GreyLevels.SCALED[g]), Float.floatToRawIntBits(scaled[3 + g]),
                        "level " + g + " at offset " + offset);
            }
            assertEquals(0f, scaled[0] + scaled[1] + scaled[2], "wrote before the destination");
        }
    }

    @Test
    void poolsPairsOfColumnsOfTwoRows() {
        final Random random = new Random(11L);
        for (int pw = 1; pw <= 5 * SimdRows.lanes() + 3; pw++) {
            final float[] a = new float[2 * pw + random.nextInt(3)];
            final float[] b = new float[a.length];
            for (int x = 0; x < a.length; x++) {
                // non-negative, as relu rows are, with ties and zeros
                a[x] = random.nextInt(4) == 0 ? 0f : random.nextInt(50) / 7f;
                b[x] = random.nextInt(4) == 0 ? 0f : random.nextInt(50) / 7f;
            }
            final float[] expected = new float[pw];
            for (int px = 0; px < pw; px++) {
                expected[px] = Math.max(Math.max(a[2 * px], a[2 * px + 1]), Math.max(b[2 * px], b[2 * px + 1]));
            }
            final float[] pooled = new float[pw];
            SimdRows.pool2(a, b, pooled, pw);
            assertBitsEqual(expected, pooled, "width " + pw);
        }
    }
}
