package org.convpool.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes an 8-bit greyscale PNG a row at a time, so that a picture of a map never needs the whole map in memory.
 *
 * <p>Why not ImageIO's PNG writer: it needs the whole image, and it tries all five row filters on every row. The
 * job's maps (normalised feature maps: mostly dark, noisy, few long repeats) come out smallest and fastest with no
 * filter and Huffman codes alone, without deflate's search for repeated strings: on a 4096 x 4096 photo's ReLU map
 * 0.46 bytes per pixel, against 0.56 for ImageIO's default and 0.58 for deflate level 1 (the same order on the test
 * photos). Those codes are made by {@link HuffmanDeflater}, in Java, in about 46 ms, where zlib's Huffman-only
 * strategy took 116 ms, ImageIO's default 440 ms and level 1 230 ms; see {@code PngEncodeBenchmark}. The other
 * constructors use zlib, for comparison.
 *
 * <p>Not thread-safe. The output stream is not closed.
 */
public final class PngEncoder {
    /** PNG row filters ({@code filter type} byte before each row). */
    public enum Filter {
        /** Bytes as they are. */
        NONE(0),
        /** Each byte minus the one to its left: good for smooth rows. */
        SUB(1),
        /** Each byte minus the one above it: good for maps whose rows look alike. */
        UP(2);

        final int code;

        Filter(int code) {
            this.code = code;
        }
    }

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int CHUNK = 1 << 16;

    private final OutputStream out;
    private final int width;
    private final int height;
    private final Filter filter;
    /** zlib, for the levels and strategies other than the job's; null when {@link #huffman} is used. */
    private final Deflater deflater;
    /** The job's compressor (see the class comment); null when {@link #deflater} is used. */
    private final HuffmanDeflater huffman;
    private final byte[] filtered;
    private final byte[] previous;
    private final byte[] compressed = new byte[CHUNK];
    private final CRC32 crc = new CRC32();
    private int rows;

    /**
     * Starts a PNG of {@code width x height} grey bytes and writes its header.
     *
     * @param level deflate level, 0 (store) to 9 (smallest)
     * @throws IllegalArgumentException if a size is not positive or a row would not fit an array
     */
    public PngEncoder(OutputStream out, int width, int height, int level, Filter filter) throws IOException {
        this(out, width, height, level, filter, false);
    }

    /**
     * As {@link #PngEncoder(OutputStream, int, int, int, Filter)}, optionally with deflate's Huffman-only strategy,
     * which skips the search for repeated strings: several times faster, and on noisy maps almost as small.
     */
    public PngEncoder(OutputStream out, int width, int height, int level, Filter filter, boolean huffmanOnly)
            throws IOException {
        this(out, width, height, filter, zlib(level, huffmanOnly));
    }

    /**
     * The job's settings: {@link Filter#NONE} and Huffman codes only, made by {@link HuffmanDeflater} rather than
     * zlib (see the class comment).
     */
    public PngEncoder(OutputStream out, int width, int height) throws IOException {
        this(out, width, height, Filter.NONE, null);
    }

    /** @param deflater zlib's compressor, or null for {@link HuffmanDeflater} */
    private PngEncoder(OutputStream out, int width, int height, Filter filter, Deflater deflater) throws IOException {
        if (width < 1 || height < 1 || width > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a PNG must be at least 1x1, not " + width + "x" + height);
        }
        this.out = out;
        this.width = width;
        this.height = height;
        this.filter = filter;
        this.deflater = deflater;
        this.huffman = deflater == null ? new HuffmanDeflater() : null;
        this.filtered = new byte[width + 1];
        this.previous = new byte[width];
        out.write(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, width);
        putInt(header, 4, height);
        header[8] = 8; // bit depth
        header[9] = 0; // colour type: grey
        // compression, filter method and interlace are all 0
        chunk("IHDR", header, header.length);
    }

    private static Deflater zlib(int level, boolean huffmanOnly) {
        Deflater deflater = new Deflater(level);
        if (huffmanOnly) {
            deflater.setStrategy(Deflater.HUFFMAN_ONLY);
        }
        return deflater;
    }

    /**
     * Adds the next row, {@code row[offset .. offset + width)}, not modified; after the last row the file is finished
     * (IEND written, output flushed).
     *
     * @throws IllegalStateException if all rows were written already
     */
    public void writeRow(byte[] row, int offset) throws IOException {
        if (rows == height) {
            throw new IllegalStateException("all " + height + " rows of this PNG were written already");
        }
        filtered[0] = (byte) filter.code;
        switch (filter) {
            case SUB -> {
                filtered[1] = row[offset];
                for (int x = 1; x < width; x++) {
                    filtered[x + 1] = (byte) (row[offset + x] - row[offset + x - 1]);
                }
            }
            case UP -> {
                for (int x = 0; x < width; x++) {
                    filtered[x + 1] = (byte) (row[offset + x] - previous[x]);
                }
                System.arraycopy(row, offset, previous, 0, width);
            }
            default -> System.arraycopy(row, offset, filtered, 1, width);
        }
        boolean last = ++rows == height;
        if (huffman != null) {
            huffman.write(filtered, 0, width + 1);
            if (last) {
                huffman.finish();
            }
            if (last || huffman.pending() >= CHUNK) {
                chunk("IDAT", huffman.output(), huffman.pending());
                huffman.drain();
            }
        } else {
            deflater.setInput(filtered, 0, width + 1);
            while (!deflater.needsInput()) {
                drain(Deflater.NO_FLUSH);
            }
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    drain(Deflater.NO_FLUSH);
                }
                deflater.end();
            }
        }
        if (last) {
            chunk("IEND", compressed, 0);
            out.flush();
        }
    }

    /** Whether every row has been written. */
    public boolean finished() {
        return rows == height;
    }

    /** Releases the compressor of an encoder abandoned before its last row; harmless after it. */
    public void abandon() {
        if (deflater != null) {
            deflater.end();
        }
    }

    /** Writes a whole {@code width x height} picture at once. */
    public static void write(byte[] pixels, int width, int height, OutputStream out) throws IOException {
        if (pixels.length != (long) width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " PNG needs " + (long) width * height
                    + " bytes, got " + pixels.length);
        }
        PngEncoder png = new PngEncoder(out, width, height);
        for (int y = 0; y < height; y++) {
            png.writeRow(pixels, y * width);
        }
    }

    private void drain(int flush) throws IOException {
        int n = deflater.deflate(compressed, 0, compressed.length, flush);
        if (n > 0) {
            chunk("IDAT", compressed, n);
        }
    }

    private void chunk(String type, byte[] data, int length) throws IOException {
        byte[] head = new byte[8];
        putInt(head, 0, length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, head, 4, 4);
        out.write(head);
        out.write(data, 0, length);
        crc.reset();
        crc.update(name);
        crc.update(data, 0, length);
        byte[] tail = new byte[4];
        putInt(tail, 0, (int) crc.getValue());
        out.write(tail);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
