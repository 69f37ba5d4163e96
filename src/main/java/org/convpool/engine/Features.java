package org.convpool.engine;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/** What the engine makes of one image: the pooled maps of every filter and the statistics of every map. */
public final class Features implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int height;
    private final int width;
    private final int channels;
    private final int pooledHeight;
    private final int pooledWidth;
    private final float[] pooled;
    private final List<MapStats> stats;

    /**
     * @param height       image rows
     * @param width        image columns
     * @param channels     number of filters
     * @param pooledHeight rows of each pooled map
     * @param pooledWidth  columns of each pooled map
     * @param pooled       {@code channels * pooledHeight * pooledWidth} values, channel-major, or more (an array
     *                     reused from a larger image: the values past the maps are not part of them); kept, not copied
     * @param stats        statistics ordered conv maps, relu maps, pool maps, each by filter
     * @throws IllegalArgumentException if {@code pooled} is too short
     */
    public Features(int height, int width, int channels, int pooledHeight, int pooledWidth, float[] pooled,
            List<MapStats> stats) {
        Objects.requireNonNull(pooled, "pooled");
        if (pooled.length < (long) channels * pooledHeight * pooledWidth) {
            throw new IllegalArgumentException(channels + " pooled maps of " + pooledHeight + "x" + pooledWidth
                    + " need " + (long) channels * pooledHeight * pooledWidth + " values, not only " + pooled.length);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.pooledHeight = pooledHeight;
        this.pooledWidth = pooledWidth;
        this.pooled = pooled;
        this.stats = List.copyOf(stats);
    }

    /** Image rows. */
    public int height() {
        return height;
    }

    /** Image columns. */
    public int width() {
        return width;
    }

    /** Number of pooled maps, one per filter. */
    public int channels() {
        return channels;
    }

    /** Rows of each pooled map. */
    public int pooledHeight() {
        return pooledHeight;
    }

    /** Columns of each pooled map. */
    public int pooledWidth() {
        return pooledWidth;
    }

    /**
     * The pooled maps, channel-major: value (c, y, x) at {@code (c * pooledHeight + y) * pooledWidth + x}. The array
     * itself, not a copy, to spare memory on large images; do not modify it. It may be longer than the maps (see
     * {@link #pooledLength()}).
     */
    public float[] pooled() {
        return pooled;
    }

    /** The number of pooled values, {@code channels * pooledHeight * pooledWidth}: {@link #pooled()}'s first ones. */
    public int pooledLength() {
        return channels * pooledHeight * pooledWidth;
    }

    /** One entry per stage and filter: conv maps by filter, then relu maps, then pool maps; unmodifiable. */
    public List<MapStats> stats() {
        return stats;
    }

    /**
     * The statistics of one map: {@link #stats()} in that order.
     *
     * @throws IndexOutOfBoundsException if there is no such filter
     */
    public MapStats stats(Stage stage, int filter) {
        return stats.get(stage.ordinal() * channels + Objects.checkIndex(filter, channels));
    }

    @Override
    public String toString() {
        return "Features[" + height + "x" + width + ", " + channels + " maps of " + pooledHeight + "x" + pooledWidth
                + "]";
    }
}
