package org.convpool.engine;

import java.util.Arrays;

/**
 * One output row of a convolution, from input rows already scaled and zero-padded: the fused engine's inner loops.
 *
 * <p>Each output element sums its taps in float32 in row-major kernel order starting from 0f, as
 * {@link ConvolutionStandard} does, so the two agree bit for bit. Padding is read as zeros here instead of being
 * skipped there, which changes nothing: a sum that starts at +0f is never -0f, and adding +-0f to it is exact.
 *
 * <p>Why the shape of the loops: HotSpot 17 vectorises a loop only when every array in it is indexed by the same
 * {@code x} (no {@code in[x + c]}) and its body is small (six taps in one loop already ran scalar, four times slower
 * per tap than three). So for stride 1 the caller hands one copy of each input row per kernel column, shifted left by
 * that column, and the taps are summed three per sweep over the output row, the partial sum staying in {@code out}
 * between sweeps. Other strides take the plain per-element loop.
 */
final class ConvolutionRows {
    private ConvolutionRows() {
    }

    /**
     * Writes output row {@code out[0..ow)}.
     *
     * @param taps   for stride 1, {@code taps[r][c][x]} is the padded input under tap (r, c) of output x; for other
     *               strides, {@code taps[r][0]} is the padded input row under kernel row r, read at
     *               {@code x * stride + c}
     * @param kernel {@code kh * kw} weights, row-major
     */
    static void convolve(final float[][][] taps, final float[] kernel, final int kh, final int kw, final int stride,
            final float[] out, final int ow) {
        if (stride != 1) {
            convolveStrided(taps, kernel, kh, kw, stride, out, ow);
            return;
        }
        final int count = kh * kw;
        final float[] k = kernel;
        int t = 0;
        if (count >= 3) {
            // the first run starts each sum at 0f instead of reading a zeroed row
            set3(out, ow, tap(taps, 0, kw), k[0], tap(taps, 1, kw), k[1], tap(taps, 2, kw), k[2]);
            t = 3;
        } else {
            Arrays.fill(out, 0, ow, 0f);
        }
        for (; count - t >= 3; t += 3) {
            add3(out, ow, tap(taps, t, kw), k[t], tap(taps, t + 1, kw), k[t + 1], tap(taps, t + 2, kw), k[t + 2]);
        }
        if (count - t == 2) {
            add2(out, ow, tap(taps, t, kw), k[t], tap(taps, t + 1, kw), k[t + 1]);
        } else if (count - t == 1) {
            add1(out, ow, tap(taps, t, kw), k[t]);
        }
    }

    /** The shifted input row under tap {@code t} in row-major order. */
    private static float[] tap(float[][][] taps, int t, int kw) {
        return taps[t / kw][t % kw];
    }

    private static void set3(final float[] out, final int ow, final float[] a, final float wa, final float[] b,
            final float wb, final float[] c, final float wc) {
        for (int x = 0; x < ow; x++) {
            float acc = 0f + wa * a[x];
            acc += wb * b[x];
            acc += wc * c[x];
            out[x] = acc;
        }
    }

    private static void add3(final float[] out, final int ow, final float[] a, final float wa, final float[] b,
            final float wb, final float[] c, final float wc) {
        for (int x = 0; x < ow; x++) {
            float acc = out[x];
            acc += wa * a[x];
            acc += wb * b[x];
            acc += wc * c[x];
            out[x] = acc;
        }
    }

    private static void add2(final float[] out, final int ow, final float[] a, final float wa, final float[] b,
            final float wb) {
        for (int x = 0; x < ow; x++) {
            float acc = out[x];
            acc += wa * a[x];
            acc += wb * b[x];
            out[x] = acc;
        }
    }

    private static void add1(final float[] out, final int ow, final float[] a, final float wa) {
        for (int x = 0; x < ow; x++) {
            out[x] += wa * a[x];
        }
    }

    private static void convolveStrided(final float[][][] taps, final float[] kernel, final int kh, final int kw,
            final int stride, final float[] out, final int ow) {
        for (int x = 0; x < ow; x++) {
            final int left = x * stride;
            float acc = 0f;
            for (int r = 0; r < kh; r++) {
                final float[] in = taps[r][0];
                for (int c = 0; c < kw; c++) {
                    acc += kernel[r * kw + c] * in[left + c];
                }
            }
            out[x] = acc;
        }
    }
}
