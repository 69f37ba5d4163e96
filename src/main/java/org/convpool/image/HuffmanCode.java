package org.convpool.image;

import java.util.Arrays;

/** Length-limited canonical Huffman codes, as deflate sends them (RFC 1951, 3.2.2). */
final class HuffmanCode {
    private HuffmanCode() {
    }

    /**
     * Code lengths for symbols {@code 0 .. n - 1} from their counts: 0 for a symbol that does not occur, else at most
     * {@code maxBits}. The code is always complete: a lone symbol gets a partner of length 1 too, as inflaters
     * reject most incomplete codes. When the optimal code would be too long, the counts are halved (rounding up, so
     * no symbol drops out) until it fits.
     *
     * @param counts  how often each symbol occurs; not modified
     * @param lengths receives the {@code n} lengths
     * @throws IllegalArgumentException if more than {@code 2^maxBits} symbols occur, which no such code can hold
     */
    static void lengths(int[] counts, int n, int maxBits, int[] lengths) {
        Arrays.fill(lengths, 0, n, 0);
        int used = 0;
        for (int s = 0; s < n; s++) {
            used += counts[s] > 0 ? 1 : 0;
        }
        if (used > 1 << maxBits) {
            throw new IllegalArgumentException(used + " symbols need codes longer than " + maxBits + " bits");
        }
        if (used < 2) {
            for (int s = 0; s < n; s++) {
                if (counts[s] > 0) {
                    lengths[s] = 1;
                }
            }
            for (int s = 0; s < n && used < 2; s++) {
                if (counts[s] == 0) {
                    lengths[s] = 1; // the lone symbol's partner, which never occurs
                    used++;
                }
            }
            return;
        }
        // halving ends with all counts 1 at the latest, a balanced tree of depth log2(used) <= maxBits
        long[] leaves = new long[used]; // count << 16 | symbol, sorted by count, then symbol
        int[] scaled = Arrays.copyOf(counts, n);
        while (true) {
            int m = 0;
            for (int s = 0; s < n; s++) {
                if (scaled[s] > 0) {
                    leaves[m++] = (long) scaled[s] << 16 | s;
                }
            }
            Arrays.sort(leaves);
            if (depths(leaves, maxBits, lengths)) {
                return;
            }
            for (int s = 0; s < n; s++) {
                scaled[s] = (scaled[s] + 1) >>> 1;
            }
        }
    }

    /**
     * The depth of every leaf in a Huffman tree built by the two-queue method over leaves sorted by count; false,
     * with {@code lengths} untouched, if some depth exceeds {@code maxBits}.
     */
    private static boolean depths(long[] leaves, int maxBits, int[] lengths) {
        final int m = leaves.length;
        final long[] weight = new long[2 * m - 1];
        final int[] parent = new int[2 * m - 1];
        for (int i = 0; i < m; i++) {
            weight[i] = leaves[i] >>> 16;
        }
        int leaf = 0;
        int internal = m;
        for (int node = m; node < 2 * m - 1; node++) {
            for (int child = 0; child < 2; child++) {
                int pick = leaf < m && (internal >= node || weight[leaf] <= weight[internal]) ? leaf++ : internal++;
                weight[node] += weight[pick];
                parent[pick] = node;
            }
        }
        // parents come after their children, so one pass from the root down gives every depth
        final int[] depth = new int[2 * m - 1];
        for (int node = 2 * m - 3; node >= 0; node--) {
            depth[node] = depth[parent[node]] + 1;
        }
        for (int i = 0; i < m; i++) {
            if (depth[i] > maxBits) {
                return false;
            }
        }
        for (int i = 0; i < m; i++) {
            lengths[(int) (leaves[i] & 0xFFFF)] = depth[i];
        }
        return true;
    }

    /**
     * The canonical code of each symbol from the lengths, bit-reversed, since deflate sends Huffman codes starting
     * from their most significant bit into a stream filled from the least significant one.
     */
    static void codes(int[] lengths, int n, int[] codes) {
        int[] perLength = new int[16];
        for (int s = 0; s < n; s++) {
            perLength[lengths[s]]++;
        }
        perLength[0] = 0;
        int[] next = new int[16];
        int code = 0;
        for (int bits = 1; bits < 16; bits++) {
            code = (code + perLength[bits - 1]) << 1;
            next[bits] = code;
        }
        for (int s = 0; s < n; s++) {
            int len = lengths[s];
            codes[s] = len == 0 ? 0 : Integer.reverse(next[len]++) >>> (32 - len);
        }
    }
}
