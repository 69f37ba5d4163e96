package org.convpool.engine;

import java.io.Serializable;
import java.util.Objects;

/** Summary statistics of one map: which one, its size, and min, max, mean, population std and zero fraction. */
public final class MapStats implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Stage stage;
    private final int filter;
    private final int height;
    private final int width;
    private final double min;
    private final double max;
    private final double mean;
    private final double std;
    private final double zeroFraction;

    /**
     * @param stage        the map's stage
     * @param filter       0-based filter index in bank order
     * @param height       map rows
     * @param width        map columns
     * @param min          smallest value
     * @param max          largest value
     * @param mean         arithmetic mean
     * @param std          population standard deviation (divided by the count, not count - 1)
     * @param zeroFraction fraction of values exactly equal to 0, in [0, 1]
     */
    public MapStats(Stage stage, int filter, int height, int width, double min, double max, double mean, double std,
            double zeroFraction) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.filter = filter;
        this.height = height;
        this.width = width;
        this.min = min;
        this.max = max;
        this.mean = mean;
        this.std = std;
        this.zeroFraction = zeroFraction;
    }

    /** The map's stage. */
    public Stage stage() {
        return stage;
    }

    /** 0-based filter index in bank order. */
    public int filter() {
        return filter;
    }

    /** Map rows. */
    public int height() {
        return height;
    }

    /** Map columns. */
    public int width() {
        return width;
    }

    /** Smallest value. */
    public double min() {
        return min;
    }

    /** Largest value. */
    public double max() {
        return max;
    }

    /** Arithmetic mean. */
    public double mean() {
        return mean;
    }

    /** Population standard deviation. */
    public double std() {
        return std;
    }

    /** Fraction of values exactly equal to 0, in [0, 1]. */
    public double zeroFraction() {
        return zeroFraction;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapStats s && stage == s.stage && filter == s.filter && height == s.height
                && width == s.width && Double.compare(min, s.min) == 0 && Double.compare(max, s.max) == 0
                && Double.compare(mean, s.mean) == 0 && Double.compare(std, s.std) == 0
                && Double.compare(zeroFraction, s.zeroFraction) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(stage, filter, height, width, min, max, mean, std, zeroFraction);
    }

    @Override
    public String toString() {
        return "MapStats[" + stage.label() + " " + filter + ", " + height + "x" + width + ", min=" + min + ", max="
                + max + ", mean=" + mean + ", std=" + std + ", zeroFraction=" + zeroFraction + "]";
    }
}
