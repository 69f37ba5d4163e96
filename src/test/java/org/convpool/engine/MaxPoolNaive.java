package org.convpool.engine;

/** The obviously right max pooling that {@link MaxPool} is compared to, written as PyTorch's CPU kernel is. */
final class MaxPoolNaive {
    private MaxPoolNaive() {
    }

    /** Output side for input n, window k, stride s, floor mode. */
    static int outSize(int n, int k, int s) {
        return n < k ? 0 : (n - k) / s + 1;
    }

    /** A fresh {@code ph * pw} array. */
    static float[] pool(float[] in, int height, int width, int k, int stride) {
        final int ph = outSize(height, k, stride);
        final int pw = outSize(width, k, stride);
        final float[] out = new float[ph * pw];
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int r = 0; r < k; r++) {
                    for (int c = 0; c < k; c++) {
                        final float v = in[(y * stride + r) * width + x * stride + c];
                        if (v > max || Float.isNaN(v)) {
                            max = v;
                        }
                    }
                }
                out[y * pw + x] = max;
            }
        }
        return out;
    }
}
