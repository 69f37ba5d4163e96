package org.convpool.engine;

import java.util.Arrays;

/**
 * The plain convolution loop behind {@link Convolution}; arguments are trusted.
 *
 * <p>Per output row it sweeps the kernel's taps in row-major order and, for each tap, adds {@code w * input} to the
 * whole row. Every output element therefore still receives its taps in row-major order, starting from 0f, so the
 * float32 result equals the naive per-element sum bit for bit, while the inner loop is contiguous for stride 1 and
 * vectorises. Taps that fall into the zero padding are skipped: adding the product {@code w * 0} to a sum that
 * started at +0f never changes it.
 */
final class ConvolutionStandard {
    private ConvolutionStandard() {
    }

    static void convolve(final float[] in, final int height, final int width, final float[] kernel, final int kh,
            final int kw, final int stride, final int padding, final float[] out, final int oh, final int ow) {
        for (int oy = 0; oy < oh; oy++) {
            final int outRow = oy * ow;
            Arrays.fill(out, outRow, outRow + ow, 0f);
            for (int r = 0; r < kh; r++) {
                final int iy = oy * stride + r - padding;
                if (iy < 0 || iy >= height) {
                    continue;
                }
                final int inRow = iy * width;
                for (int c = 0; c < kw; c++) {
                    final float w = kernel[r * kw + c];
                    // ix = x * stride + c - padding must lie in [0, width): clip the run of x to that
                    final int shift = c - padding;
                    final int xStart = shift >= 0 ? 0 : (-shift + stride - 1) / stride;
                    final int lastIx = width - 1 - shift;
                    if (lastIx < 0) {
                        continue;
                    }
                    final int xEnd = Math.min(ow, lastIx / stride + 1);
                    if (stride == 1) {
                        addRow(out, outRow, in, inRow + shift, w, xStart, xEnd);
                    } else {
                        addRowStrided(out, outRow, in, inRow + shift, stride, w, xStart, xEnd);
                    }
                }
            }
        }
    }

    /** {@code out[outRow + x] += w * in[inBase + x]} for x in [xStart, xEnd). */
    private static void addRow(final float[] out, final int outRow, final float[] in, final int inBase,
            final float w, final int xStart, final int xEnd) {
        for (int x = xStart; x < xEnd; x++) {
            out[outRow + x] += w * in[inBase + x];
        }
    }

    /** {@code out[outRow + x] += w * in[inBase + x * stride]} for x in [xStart, xEnd). */
    private static void addRowStrided(final float[] out, final int outRow, final float[] in, final int inBase,
            final int stride, final float w, final int xStart, final int xEnd) {
        for (int x = xStart, i = inBase + xStart * stride; x < xEnd; x++, i += stride) {
            out[outRow + x] += w * in[i];
        }
    }
}
