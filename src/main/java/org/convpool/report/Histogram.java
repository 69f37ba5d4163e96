package org.convpool.report;

import java.util.List;

/**
 * How one per-image quantity is distributed across a dataset: {@code counts[i]} images fall in
 * {@code [low + i * width, low + (i + 1) * width)}, the last bin closed on the right.
 *
 * @param stage the stage of the maps ({@code conv}, {@code relu} or {@code pool})
 * @param filter the filter index
 * @param quantity what was measured per image, e.g. {@code mean}
 * @param unit what the values are in, for the axis label
 * @param low the lower edge of the first bin
 * @param high the upper edge of the last bin
 * @param counts images per bin
 */
public record Histogram(String stage, int filter, String quantity, String unit, double low, double high,
        List<Long> counts) {

    /** Total number of images. */
    public long total() {
        return counts.stream().mapToLong(Long::longValue).sum();
    }
}
