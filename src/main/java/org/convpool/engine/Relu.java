package org.convpool.engine;

/** The rectifier {@code max(0, v)}, as {@code torch.nn.functional.relu}. */
public final class Relu {
    private Relu() {
    }

    /**
     * Replaces every negative value, and -0f, among the first {@code n} elements of {@code a} by 0f; NaN stays NaN
     * and elements from {@code n} on are untouched.
     *
     * @throws IllegalArgumentException if {@code n} is negative or larger than the array
     */
    public static void inPlace(final float[] a, final int n) {
        if (n < 0 || n > a.length) {
            throw new IllegalArgumentException("n must be in [0, " + a.length + "], not " + n);
        }
        // Math.max, not a branch: it vectorises, which a branch on the sign of image data does not
        for (int i = 0; i < n; i++) {
            a[i] = Math.max(a[i], 0f);
        }
    }
}
