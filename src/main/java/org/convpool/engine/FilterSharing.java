package org.convpool.engine;

import java.io.Serializable;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * What the filters of a bank share, worked out once per engine (not in the pass, which HotSpot compiles as one large
 * unit: a setup loop in it, seen with another bank, cost a recompilation of the whole).
 *
 * <ul>
 *   <li>A <b>repeat</b> has the same weights as an earlier filter, bit for bit, so the same maps: they are computed
 *       once, and the repeat shares its source's pooled map. (The seed bank's "transposes" are its symmetric kernels
 *       again.)
 *   <li>A <b>negation</b> has exactly the negated weights of an earlier filter that is not a repeat: its conv values
 *       are {@code 0f - v} of that filter's, bit for bit, so they are made by one subtraction instead of a
 *       convolution. Every product {@code -w * x} rounds to exactly {@code -(w * x)}, so every partial sum, taken in
 *       the same order, is exactly the other's negated, except that a sum that cancels to zero is {@code +0f} in
 *       both; and {@code 0f - v} is {@code -v} for {@code v != 0} and {@code +0f} for {@code v == +0f} (a conv
 *       value is never {@code -0f}: a float sum that starts at {@code +0f} never becomes {@code -0f}). The seed
 *       bank's second filter is its first negated.
 * </ul>
 */
final class FilterSharing implements Serializable {
    private static final long serialVersionUID = 1L;

    /** For each filter, the first filter with the same weights: itself, or an earlier one whose maps it repeats. */
    final int[] source;
    /** For each filter, the later filters that repeat it. */
    final int[][] copies;
    /**
     * For each filter, its map in the pooled array: the filters that repeat no earlier one are numbered in order,
     * and a repeat shares its source's map (see {@link Features#pooledOffset}).
     */
    final int[] maps;
    /** The number of pooled maps held: one per filter that repeats no earlier one. */
    final int distinctMaps;
    /** For each filter, the earlier filter (not a repeat) whose conv values it negates, or -1. */
    final int[] negates;
    /** For each filter, whether a later filter negates it, so that its conv rows are kept for that one. */
    final boolean[] negated;

    FilterSharing(float[][] kernels) {
        final int channels = kernels.length;
        source = new int[channels];
        negates = new int[channels];
        negated = new boolean[channels];
        maps = new int[channels];
        int next = 0;
        for (int c = 0; c < channels; c++) {
            source[c] = c;
            negates[c] = -1;
            for (int d = 0; d < c; d++) {
                if (Arrays.equals(kernels[c], kernels[d])) {
                    source[c] = d;
                    break;
                }
            }
            if (source[c] != c) {
                maps[c] = maps[source[c]];
                continue;
            }
            maps[c] = next++;
            for (int d = 0; d < c; d++) {
                if (source[d] == d && negatesWeights(kernels[d], kernels[c])) {
                    negates[c] = d;
                    negated[d] = true;
                    break;
                }
            }
        }
        distinctMaps = next;
        copies = new int[channels][];
        for (int c = 0; c < channels; c++) {
            final int original = c;
            copies[c] = IntStream.range(c + 1, channels).filter(d -> source[d] == original).toArray();
        }
    }

    /** Whether every weight of {@code b} is the negation of {@code a}'s (zeros of either sign match). */
    private static boolean negatesWeights(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (b[i] != -a[i]) {
                return false;
            }
        }
        return true;
    }
}
