package org.convpool.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class HuffmanDeflaterTest {
    private static final int BLOCK = HuffmanDeflater.BLOCK;

    @Test
    void inflatesBackToTheInputWhateverItsSizeAndContent() throws Exception {
        Random random = new Random(5);
        for (int length : new int[] {0, 1, 2, 255, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 17}) {
            assertRoundTrip(new byte[length], random, "zeros " + length);
            byte[] uniform = new byte[length];
            random.nextBytes(uniform);
            assertRoundTrip(uniform, random, "uniform " + length);
            byte[] dark = new byte[length];
            for (int i = 0; i < length; i++) {
                dark[i] = (byte) (random.nextDouble() < 0.5 ? 0 : Math.min(255, (int) (-8 * Math.log(random.nextDouble()))));
            }
            assertRoundTrip(dark, random, "dark map " + length);
        }
    }

    @Test
    void codesThatWouldBeLongerThan15BitsAreLimited() throws Exception {
        // counts growing like Fibonacci numbers make the optimal code one bit longer per symbol
        ByteArrayOutputStream skewed = new ByteArrayOutputStream();
        long a = 1;
        long b = 1;
        for (int symbol = 0; symbol < 24 && skewed.size() + b <= BLOCK; symbol++) {
            for (long i = 0; i < a; i++) {
                skewed.write(symbol);
            }
            long next = a + b;
            a = b;
            b = next;
        }
        assertRoundTrip(skewed.toByteArray(), new Random(1), "Fibonacci counts");
        int[] counts = new int[257];
        int[] lengths = new int[257];
        a = 1;
        b = 1;
        for (int s = 0; s < 30; s++) {
            counts[s] = (int) a;
            long next = a + b;
            a = b;
            b = next;
        }
        HuffmanCode.lengths(counts, 257, 15, lengths);
        assertEquals(15, Arrays.stream(lengths).max().getAsInt());
        assertComplete(lengths, "Fibonacci counts");
        int[] many = new int[300];
        Arrays.fill(many, 1);
        assertThrows(IllegalArgumentException.class, () -> HuffmanCode.lengths(many, 300, 7, new int[300]));
    }

    @Test
    void codesAreCompleteEvenForALoneSymbol() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            int maxBits = trial % 3 == 0 ? 7 : 15;
            int n = 2 + random.nextInt(maxBits == 7 ? 128 : 300);
            int[] counts = new int[n];
            int used = trial % 4 == 0 ? random.nextInt(2) : n;
            for (int i = 0; i < used; i++) {
                counts[random.nextInt(n)] = 1 + random.nextInt(trial % 2 == 0 ? 10 : 100_000);
            }
            int[] lengths = new int[n];
            HuffmanCode.lengths(counts, n, maxBits, lengths);
            for (int s = 0; s < n; s++) {
                assertTrue(counts[s] == 0 || lengths[s] > 0, "every symbol that occurs has a code");
                assertTrue(lengths[s] <= maxBits);
            }
            assertComplete(lengths, "trial " + trial);
        }
    }

    @Test
    void asSmallAsZlibsHuffmanOnlyStrategy() {
        Random random = new Random(8);
        byte[] map = new byte[5 * BLOCK + 123];
        for (int i = 0; i < map.length; i++) {
            double v = Math.sin(i * 0.001) * 20 + random.nextGaussian() * 6;
            map[i] = (byte) Math.max(0, Math.min(255, (int) v));
        }
        Deflater zlib = new Deflater(1);
        zlib.setStrategy(Deflater.HUFFMAN_ONLY);
        zlib.setInput(map);
        zlib.finish();
        byte[] buffer = new byte[2 * map.length];
        int zlibSize = 0;
        while (!zlib.finished()) {
            zlibSize += zlib.deflate(buffer);
        }
        zlib.end();
        int ours = compress(map, new Random(0)).length;
        assertTrue(ours <= zlibSize * 1.01, "ours " + ours + " bytes, zlib's " + zlibSize);
    }

    /** Kraft's sum is exactly 1: no bit pattern is left unused, which inflaters require of most codes. */
    private static void assertComplete(int[] lengths, String what) {
        long sum = 0;
        for (int l : lengths) {
            sum += l == 0 ? 0 : 1L << (15 - l);
        }
        assertEquals(1L << 15, sum, what);
    }

    private static void assertRoundTrip(byte[] data, Random random, String what) throws Exception {
        byte[] compressed = compress(data, random);
        Inflater inflater = new Inflater();
        inflater.setInput(compressed);
        byte[] back = new byte[data.length + 1];
        int n = 0;
        while (!inflater.finished() && n < back.length) {
            int got = inflater.inflate(back, n, back.length - n);
            assertTrue(got > 0 || inflater.finished(), what + ": the inflater is stuck");
            n += got;
        }
        assertTrue(inflater.finished(), what);
        assertEquals(0, inflater.getRemaining(), what + ": bytes after the stream's end");
        inflater.end();
        assertArrayEquals(data, Arrays.copyOf(back, n), what);
    }

    /** Compresses {@code data} fed in pieces of random sizes, draining the output now and then. */
    private static byte[] compress(byte[] data, Random random) {
        HuffmanDeflater deflater = new HuffmanDeflater();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < data.length; ) {
            int n = Math.min(data.length - at, 1 + random.nextInt(3 * BLOCK / 2));
            deflater.write(data, at, n);
            at += n;
            if (random.nextBoolean()) {
                out.write(deflater.output(), 0, deflater.pending());
                deflater.drain();
            }
        }
        deflater.finish();
        out.write(deflater.output(), 0, deflater.pending());
        return out.toByteArray();
    }
}
