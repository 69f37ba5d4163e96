package org.convpool.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConvolutionTest {
    /** Image sizes {height, width}: single pixels, lines, odd and non-square, and sizes equal to kernels. */
    private static final int[][] SIZES = {
        {1, 1}, {1, 7}, {7, 1}, {2, 3}, {3, 3}, {5, 4}, {2, 5}, {7, 7}, {8, 5}, {13, 9}, {16, 16}, {37, 23}, {23, 37},
    };

    /** Kernel sizes {kh, kw}, most of them asymmetric. */
    private static final int[][] KERNELS = {{1, 1}, {1, 3}, {3, 1}, {2, 5}, {3, 3}, {5, 4}, {7, 7}};

    private static final float SENTINEL = -12345.5f;

    @Test
    void matchesNaiveBitForBit() {
        final Random random = new Random(20240611L);
        int compared = 0;
        for (int[] size : SIZES) {
            for (int[] kernelSize : KERNELS) {
                final int h = size[0];
                final int w = size[1];
                final int kh = kernelSize[0];
                final int kw = kernelSize[1];
                final float[] in = image(random, h * w);
                final float[] kernel = gaussian(random, kh * kw);
                double magnitude = 0;
                for (int stride = 1; stride <= 3; stride++) {
                    for (int padding = 0; padding <= 3; padding++) {
                        final float[] expected = ConvolutionNaive.convolve(in, h, w, kernel, kh, kw, stride, padding);
                        final float[] actual = run(in, h, w, kernel, kh, kw, stride, padding);
                        assertBitsEqual(expected, actual,
                                h + "x" + w + " image, " + kh + "x" + kw + " kernel, stride " + stride + ", padding "
                                        + padding);
                        magnitude += sumAbs(actual);
                        compared += expected.length;
                    }
                }
                if (h + 6 >= kh && w + 6 >= kw) {
                    assertTrue(magnitude != 0, "all outputs were zero for " + h + "x" + w + " and " + kh + "x" + kw);
                }
            }
        }
        assertTrue(compared > 50_000, "only " + compared + " values compared");
    }

    @Test
    void matchesNaiveOnLargerImagesAndPaddingBeyondKernel() {
        final Random random = new Random(7L);
        for (int trial = 0; trial < 40; trial++) {
            final int h = 1 + random.nextInt(60);
            final int w = 1 + random.nextInt(60);
            final int kh = 1 + random.nextInt(8);
            final int kw = 1 + random.nextInt(8);
            final int stride = 1 + random.nextInt(4);
            final int padding = random.nextInt(kh + kw + 2);
            final float[] in = image(random, h * w);
            final float[] kernel = gaussian(random, kh * kw);
            final float[] expected = ConvolutionNaive.convolve(in, h, w, kernel, kh, kw, stride, padding);
            final float[] actual = run(in, h, w, kernel, kh, kw, stride, padding);
            assertBitsEqual(expected, actual, "trial " + trial);
        }
    }

    @Test
    void kernelAsLargeAsTheImageGivesOneDotProduct() {
        final Random random = new Random(3L);
        final float[] in = image(random, 5 * 4);
        final float[] kernel = gaussian(random, 5 * 4);
        float dot = 0f;
        for (int i = 0; i < in.length; i++) {
            dot += kernel[i] * in[i];
        }
        final float[] out = run(in, 5, 4, kernel, 5, 4, 1, 0);
        assertEquals(1, out.length);
        assertEquals(Float.floatToIntBits(dot), Float.floatToIntBits(out[0]));
        assertTrue(dot != 0f);
    }

    @Test
    void impulseImageGivesTheKernelRotatedAroundTheImpulse() {
        // cross-correlation: out[y][x] = sum k[r][c] * in[y + r][x + c], so a 1 at (y0, x0) puts k[r][c] at
        // (y0 - r, x0 - c); a true convolution would put it at (y0 + r, x0 + c)
        final int h = 9;
        final int w = 11;
        final int y0 = 4;
        final int x0 = 6;
        final int kh = 3;
        final int kw = 4;
        final float[] in = new float[h * w];
        in[y0 * w + x0] = 1f;
        final float[] kernel = new float[kh * kw];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = i + 1;
        }
        final int ow = w - kw + 1;
        final float[] out = run(in, h, w, kernel, kh, kw, 1, 0);
        final float[] expected = new float[out.length];
        for (int r = 0; r < kh; r++) {
            for (int c = 0; c < kw; c++) {
                expected[(y0 - r) * ow + (x0 - c)] = kernel[r * kw + c];
            }
        }
        assertArrayEquals(expected, out);
        assertTrue(sumAbs(out) != 0);
    }

    @Test
    void shiftKernelCopiesTheImageWithoutFlipping() {
        // a single 1 at kernel row 2, column 1 reads in[y + 2 - p][x + 1 - p]
        final Random random = new Random(11L);
        final int h = 6;
        final int w = 7;
        final int p = 1;
        final float[] in = image(random, h * w);
        final float[] kernel = new float[3 * 2];
        kernel[2 * 2 + 1] = 1f;
        final int oh = h + 2 * p - 3 + 1;
        final int ow = w + 2 * p - 2 + 1;
        final float[] out = run(in, h, w, kernel, 3, 2, 1, p);
        assertEquals(oh * ow, out.length);
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                final int iy = y + 2 - p;
                final int ix = x + 1 - p;
                final float expected = iy < h && ix < w ? in[iy * w + ix] : 0f;
                assertEquals(expected, out[y * ow + x], "at " + y + "," + x);
            }
        }
        assertTrue(sumAbs(out) != 0);
    }

    @Test
    void handComputedStridedAndPadded() {
        // a 1x5 image, padding 1 and stride 2: one output row, whose kernel row 1 sees image row 0, and columns
        // starting at -1, 1 and 3
        final float[] in = {1, 2, 3, 4, 5};
        final float[] kernel = {0, 0, 10, 1, 0, 0};
        assertArrayEquals(new float[] {1, 23, 45}, run(in, 1, 5, kernel, 3, 2, 2, 1));
    }

    @Test
    void writesOnlyTheOutputAndNothingWhenItIsEmpty() {
        final float[] in = {1, 2, 3, 4};
        final float[] out = new float[6];
        Arrays.fill(out, SENTINEL);
        Convolution.convolve(in, 2, 2, new float[] {1, 1}, 1, 2, 1, 0, out);
        assertArrayEquals(new float[] {3, 7, SENTINEL, SENTINEL, SENTINEL, SENTINEL}, out);

        Arrays.fill(out, SENTINEL);
        Convolution.convolve(in, 2, 2, new float[25], 5, 5, 1, 1, out);
        for (float v : out) {
            assertEquals(SENTINEL, v);
        }
    }

    @Test
    void refusesBadArguments() {
        final float[] in = new float[12];
        final float[] k = new float[9];
        final float[] out = new float[100];
        assertThrows(IllegalArgumentException.class, () -> Convolution.convolve(in, 3, 4, k, 3, 3, 0, 0, out));
        assertThrows(IllegalArgumentException.class, () -> Convolution.convolve(in, 3, 4, k, 3, 3, 1, -1, out));
        assertThrows(IllegalArgumentException.class, () -> Convolution.convolve(in, 0, 4, k, 3, 3, 1, 0, out));
        assertThrows(IllegalArgumentException.class, () -> Convolution.convolve(in, 4, 4, k, 3, 3, 1, 0, out));
        assertThrows(IllegalArgumentException.class, () -> Convolution.convolve(in, 3, 4, k, 3, 4, 1, 0, out));
        assertThrows(IllegalArgumentException.class, () -> Convolution.convolve(in, 3, 4, k, 0, 3, 1, 0, out));
        assertThrows(IllegalArgumentException.class,
                () -> Convolution.convolve(in, 3, 4, k, 3, 3, 1, 1, new float[3 * 4 - 1]));
        assertThrows(NullPointerException.class, () -> Convolution.convolve(null, 3, 4, k, 3, 3, 1, 0, out));
    }

    /** Runs {@link Convolution} into a buffer with sentinels after the output, which must survive. */
    private static float[] run(float[] in, int h, int w, float[] kernel, int kh, int kw, int stride, int padding) {
        final int n = ConvolutionNaive.outSize(h, kh, stride, padding)
                * ConvolutionNaive.outSize(w, kw, stride, padding);
        final float[] out = new float[n + 3];
        Arrays.fill(out, SENTINEL);
        Convolution.convolve(in, h, w, kernel, kh, kw, stride, padding, out);
        for (int i = n; i < out.length; i++) {
            assertEquals(SENTINEL, out[i], "wrote past the output at " + i);
        }
        return Arrays.copyOf(out, n);
    }

    /** Scaled grey levels, as the engine feeds the convolution. */
    static float[] image(Random random, int n) {
        final float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextInt(256) / 255f;
        }
        return a;
    }

    static float[] gaussian(Random random, int n) {
        final float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }

    static double sumAbs(float[] a) {
        double s = 0;
        for (float v : a) {
            s += Math.abs(v);
        }
        return s;
    }

    static void assertBitsEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + " but the naive version gives " + expected[i]);
            }
        }
    }
}
