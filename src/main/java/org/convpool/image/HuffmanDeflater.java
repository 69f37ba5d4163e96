package org.convpool.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.Adler32;

/**
 * A zlib stream (RFC 1950) of deflate blocks (RFC 1951) that hold literals only, each block with its own Huffman code:
 * what zlib's Huffman-only strategy writes, made in Java more than twice as fast.
 *
 * <p>Why: the pictures' PNGs are compressed with Huffman codes alone (see {@link PngEncoder}), and zlib took a fifth of
 * the job's time with pictures doing it, about 6 ns a byte. Here a block's byte counts give its code lengths (limited
 * to 15 bits by halving the counts until they fit, which costs a fraction of a percent in size), and each byte then
 * costs a table look-up and a shift into a 64-bit accumulator. The tests read the result back with
 * {@link java.util.zip.Inflater} (zlib) and ImageIO's PNG reader, and the report's test has Chromium load its PNGs.
 *
 * <p>Input is taken in pieces of any size and cut into blocks of {@value #BLOCK} bytes. Output accumulates in
 * {@link #output()} until the caller takes it with {@link #drain}. Not thread-safe.
 */
final class HuffmanDeflater {
    /** Input bytes per deflate block: enough to amortise a block's header, small enough to adapt to the data. */
    static final int BLOCK = 1 << 16;
    private static final int END_OF_BLOCK = 256;
    private static final int LITERALS = 257;
    private static final int MAX_BITS = 15;
    private static final int MAX_CODE_LENGTH_BITS = 7;
    /** The order in which the code-length code's lengths are sent (RFC 1951, 3.2.7). */
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] block = new byte[BLOCK];
    private int blockLength;
    private final Adler32 adler = new Adler32();

    /** Worst case of one block: every byte with a 15-bit code, plus a header of under 300 bytes. */
    private byte[] out = new byte[BLOCK * MAX_BITS / 8 + 1024];
    private int outLength;
    private long bits;
    private int bitCount;
    private boolean finished;

    private final int[] counts = new int[LITERALS];
    private final int[][] tallies = new int[4][256];
    private final int[] lengths = new int[LITERALS];
    private final int[] codes = new int[LITERALS];
    private final int[] entries = new int[LITERALS];

    HuffmanDeflater() {
        out[outLength++] = 0x78; // deflate, 32 KB window
        out[outLength++] = 0x01; // fastest compression; the header's check bits make 0x7801 a multiple of 31
    }

    /** Adds {@code data[offset .. offset + length)}. */
    void write(byte[] data, int offset, int length) {
        if (finished) {
            throw new IllegalStateException("the stream is finished");
        }
        adler.update(data, offset, length);
        while (length > 0) {
            int n = Math.min(length, BLOCK - blockLength);
            System.arraycopy(data, offset, block, blockLength, n);
            blockLength += n;
            offset += n;
            length -= n;
            if (blockLength == BLOCK) {
                writeBlock(false);
            }
        }
    }

    /** Ends the stream: the last block, then the Adler-32 of all input. */
    void finish() {
        if (finished) {
            return;
        }
        writeBlock(true);
        flushBits();
        int a = (int) adler.getValue();
        ensure(4);
        out[outLength++] = (byte) (a >>> 24);
        out[outLength++] = (byte) (a >>> 16);
        out[outLength++] = (byte) (a >>> 8);
        out[outLength++] = (byte) a;
        finished = true;
    }

    /** The compressed bytes made so far and not yet drained, {@code output()[0 .. pending())}. */
    byte[] output() {
        return out;
    }

    /** How many bytes of {@link #output()} are pending. */
    int pending() {
        return outLength;
    }

    /** Forgets the pending output, after the caller has written it. */
    void drain() {
        outLength = 0;
    }

    private void writeBlock(boolean last) {
        final byte[] b = block;
        final int n = blockLength;
        countBytes(b, n);
        counts[END_OF_BLOCK] = 1;
        HuffmanCode.lengths(counts, LITERALS, MAX_BITS, lengths);
        HuffmanCode.codes(lengths, LITERALS, codes);

        ensure(n * MAX_BITS / 8 + 1024);
        putBits(last ? 1 : 0, 1);
        putBits(2, 2);                  // dynamic Huffman codes
        putBits(LITERALS - 257, 5);     // HLIT: literal/length codes 0..256
        putBits(0, 5);                  // HDIST: one distance code, of length 0: no distances at all
        writeCodeLengths();

        // Two codes (at most 30 bits) join the fewer than 32 bits waiting in the accumulator before the 32 lowest
        // are stored: half the tests and stores of one code at a time. Each table entry is a code and its length.
        final int[] entries = this.entries;
        for (int s = 0; s < LITERALS; s++) {
            entries[s] = lengths[s] << 16 | codes[s];
        }
        long acc = bits;
        int count = bitCount;
        final byte[] o = out;
        int p = outLength;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            final int first = entries[b[i] & 0xFF];
            final int second = entries[b[i + 1] & 0xFF];
            acc |= (long) (first & 0xFFFF) << count;
            count += first >>> 16;
            acc |= (long) (second & 0xFFFF) << count;
            count += second >>> 16;
            // without a branch, which the irregular code lengths would mispredict: all 8 bytes are stored, and the
            // low 4 are kept (the position moves on) when they are complete, that is when count reached 32
            LITTLE_ENDIAN_LONG.set(o, p, acc);
            final int full = count & 32;
            p += full >>> 3;
            acc >>>= full;
            count -= full;
        }
        bits = acc;
        bitCount = count;
        outLength = p;
        if (i < n) {
            putBits(codes[b[i] & 0xFF], lengths[b[i] & 0xFF]);
        }
        putBits(codes[END_OF_BLOCK], lengths[END_OF_BLOCK]);
        blockLength = 0;
    }

    /**
     * {@link #counts} of the first {@code n} bytes of {@code b}. Four tallies, one for each byte of a group of four,
     * then added up: the maps are mostly runs of one level (0), and one tally would make each increment wait for the
     * previous one's store.
     */
    private void countBytes(byte[] b, int n) {
        final int[] c0 = tallies[0];
        final int[] c1 = tallies[1];
        final int[] c2 = tallies[2];
        final int[] c3 = tallies[3];
        for (int[] t : tallies) {
            Arrays.fill(t, 0);
        }
        int i = 0;
        for (; i + 3 < n; i += 4) {
            c0[b[i] & 0xFF]++;
            c1[b[i + 1] & 0xFF]++;
            c2[b[i + 2] & 0xFF]++;
            c3[b[i + 3] & 0xFF]++;
        }
        for (; i < n; i++) {
            c0[b[i] & 0xFF]++;
        }
        for (int v = 0; v < 256; v++) {
            counts[v] = c0[v] + c1[v] + c2[v] + c3[v];
        }
    }

    /**
     * The literal/length code's 257 lengths and the single distance length (0), themselves Huffman-coded with the
     * code-length alphabet's symbols 0 to 15 (the repeat symbols 16 to 18 would save a few dozen bytes a block).
     */
    private void writeCodeLengths() {
        int[] sequence = Arrays.copyOf(lengths, LITERALS + 1); // the distance code's length stays 0
        int[] clCounts = new int[19];
        for (int l : sequence) {
            clCounts[l]++;
        }
        int[] clLengths = new int[19];
        int[] clCodes = new int[19];
        HuffmanCode.lengths(clCounts, 19, MAX_CODE_LENGTH_BITS, clLengths);
        HuffmanCode.codes(clLengths, 19, clCodes);
        int sent = 19;
        while (sent > 4 && clLengths[CODE_LENGTH_ORDER[sent - 1]] == 0) {
            sent--;
        }
        putBits(sent - 4, 4);           // HCLEN
        for (int i = 0; i < sent; i++) {
            putBits(clLengths[CODE_LENGTH_ORDER[i]], 3);
        }
        for (int l : sequence) {
            putBits(clCodes[l], clLengths[l]);
        }
    }

    private void putBits(int value, int count) {
        bits |= (long) value << bitCount;
        bitCount += count;
        while (bitCount >= 8) {
            out[outLength++] = (byte) bits;
            bits >>>= 8;
            bitCount -= 8;
        }
    }

    /** Pads the last byte with zero bits. */
    private void flushBits() {
        while (bitCount > 0) {
            out[outLength++] = (byte) bits;
            bits >>>= 8;
            bitCount -= 8;
        }
        bits = 0;
        bitCount = 0;
    }

    private void ensure(int more) {
        if (outLength + more > out.length) {
            out = Arrays.copyOf(out, Math.max(2 * out.length, outLength + more));
        }
    }
}
