package org.convpool.engine;

/**
 * The obviously right convolution that {@link Convolution} is compared to: one float32 sum per output element over
 * every tap in row-major order, reading 0 outside the image instead of skipping those taps.
 */
final class ConvolutionNaive {
    private ConvolutionNaive() {
    }

    /** Output side for input n, kernel k, stride s, padding p, written out independently of {@link Geometry}. */
    static int outSize(int n, int k, int s, int p) {
        return n + 2 * p < k ? 0 : (n + 2 * p - k) / s + 1;
    }

    /** A fresh {@code oh * ow} array. */
    static float[] convolve(float[] in, int height, int width, float[] kernel, int kh, int kw, int stride,
            int padding) {
        final int oh = outSize(height, kh, stride, padding);
        final int ow = outSize(width, kw, stride, padding);
        final float[] out = new float[oh * ow];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                float acc = 0f;
                for (int r = 0; r < kh; r++) {
                    for (int c = 0; c < kw; c++) {
                        final int iy = y * stride + r - padding;
                        final int ix = x * stride + c - padding;
                        final boolean inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
                        final float v = inside ? in[iy * width + ix] : 0f;
                        acc += kernel[r * kw + c] * v;
                    }
                }
                out[y * ow + x] = acc;
            }
        }
        return out;
    }
}
