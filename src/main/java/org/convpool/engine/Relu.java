package org.convpool.engine;

/** The rectifier {@code max(0, v)}, as {@code torch.nn.functional.relu}. */
public final class Relu {
    private Relu() {
    }

    /**
     * Replaces every negative value among the first {@code n} elements of {@code a} by 0f; the rest is untouched.
     *
     * @throws IllegalArgumentException if {@code n} is negative or larger than the array
     */
    public static void inPlace(final float[] a, final int n) {
        if (n < 0 || n > a.length) {
            throw new IllegalArgumentException("n must be in [0, " + a.length + "], not " + n);
        }
        for (int i = 0; i < n; i++) {
            if (a[i] < 0f) {
                a[i] = 0f;
            }
        }
    }
}
