package org.convpool.engine;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/** One convolution kernel of a {@link FilterBank}: a name and a {@code height x width} grid of weights. */
public final class Filter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final double[][] original;
    private final float[] weights;

    /** {@code original} must be a non-empty rectangular grid of numbers whose float32 values are finite. */
    Filter(String name, double[][] original) {
        this.name = Objects.requireNonNull(name, "name");
        this.original = deepCopy(original);
        final int h = original.length;
        final int w = original[0].length;
        this.weights = new float[h * w];
        for (int r = 0; r < h; r++) {
            if (original[r].length != w) {
                throw new IllegalArgumentException("ragged weights");
            }
            for (int c = 0; c < w; c++) {
                // double to float, as torch.tensor(weights, dtype=torch.float32) rounds Python floats
                weights[r * w + c] = (float) original[r][c];
            }
        }
    }

    /** The filter's name, from the bank or {@code filter-<index>}. */
    public String name() {
        return name;
    }

    /** Kernel rows, at least 1. */
    public int height() {
        return original.length;
    }

    /** Kernel columns, at least 1. */
    public int width() {
        return original[0].length;
    }

    /** The float32 weights used for convolution, row-major: {@code weights[r * width + c]}; a fresh copy. */
    public float[] weights() {
        return weights.clone();
    }

    /** The weights exactly as the bank's JSON gave them, {@code [row][column]}, for reporting; a fresh copy. */
    public double[][] originalWeights() {
        return deepCopy(original);
    }

    private static double[][] deepCopy(double[][] a) {
        final double[][] copy = new double[a.length][];
        for (int r = 0; r < a.length; r++) {
            copy[r] = a[r].clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Filter f && name.equals(f.name) && Arrays.deepEquals(original, f.original);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.deepHashCode(original);
    }

    @Override
    public String toString() {
        return "Filter[" + name + ", " + height() + "x" + width() + "]";
    }
}
