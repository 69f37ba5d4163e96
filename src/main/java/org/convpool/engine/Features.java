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
    /** For each channel, the map of {@link #pooled} that holds its values: a repeated filter shares its source's. */
    private final int[] maps;
    private final List<MapStats> stats;

    /**
     * Features whose every channel has a map of its own in {@code pooled}.
     *
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
        this(height, width, channels, pooledHeight, pooledWidth, pooled, identity(channels), stats);
    }

    /**
     * Features whose channels may share maps: channel c's values are map {@code maps[c]} of {@code pooled}, which
     * holds the maps one after another, each {@code pooledHeight * pooledWidth} values. Filters that repeat an
     * earlier one share its map instead of holding a copy.
     *
     * @throws IllegalArgumentException if a map index is out of range or {@code pooled} too short for the maps
     */
    public Features(int height, int width, int channels, int pooledHeight, int pooledWidth, float[] pooled,
            int[] maps, List<MapStats> stats) {
        Objects.requireNonNull(pooled, "pooled");
        if (maps.length != channels) {
            throw new IllegalArgumentException(maps.length + " map indexes for " + channels + " channels");
        }
        int stored = 0;
        for (int m : maps) {
            if (m < 0 || m >= channels) {
                throw new IllegalArgumentException("map index " + m + " for " + channels + " channels");
            }
            stored = Math.max(stored, m + 1);
        }
        if (pooled.length < (long) stored * pooledHeight * pooledWidth) {
            throw new IllegalArgumentException(stored + " pooled maps of " + pooledHeight + "x" + pooledWidth
                    + " need " + (long) stored * pooledHeight * pooledWidth + " values, not only " + pooled.length);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.pooledHeight = pooledHeight;
        this.pooledWidth = pooledWidth;
        this.pooled = pooled;
        this.maps = maps.clone();
        this.stats = List.copyOf(stats);
    }

    private static int[] identity(int channels) {
        final int[] maps = new int[channels];
        for (int c = 0; c < channels; c++) {
            maps[c] = c;
        }
        return maps;
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
     * The array that holds the pooled maps: channel c's value (y, x) is at {@code pooledOffset(c) + y * pooledWidth +
     * x}. The array itself, not a copy, to spare memory on large images; do not modify it. Channels may share a map,
     * and the array may be longer than the maps.
     */
    public float[] pooledArray() {
        return pooled;
    }

    /** Where channel {@code channel}'s pooled map starts in {@link #pooledArray()}. */
    public int pooledOffset(int channel) {
        return maps[Objects.checkIndex(channel, channels)] * pooledHeight * pooledWidth;
    }

    /** The pooled maps, channel-major, in a new array of {@link #pooledLength()} values. */
    public float[] pooledMaps() {
        final int size = pooledHeight * pooledWidth;
        final float[] copy = new float[Math.multiplyExact(channels, size)];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(pooled, pooledOffset(c), copy, c * size, size);
        }
        return copy;
    }

    /** The number of pooled values, {@code channels * pooledHeight * pooledWidth}. */
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
