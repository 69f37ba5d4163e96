package org.convpool.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {
    @Test
    void everyFilterAndLevelRoundTripsThroughImageIo() throws Exception {
        Random random = new Random(11);
        int[][] sizes = {{1, 1}, {1, 9}, {9, 1}, {37, 23}, {700, 300}};
        for (int[] size : sizes) {
            int w = size[0];
            int h = size[1];
            byte[] pixels = smoothNoise(random, w, h);
            for (PngEncoder.Filter filter : PngEncoder.Filter.values()) {
                for (int level : new int[] {0, 1, 6, 9, -1}) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    // -1: level 1 with the Huffman-only strategy
                    PngEncoder png = new PngEncoder(out, w, h, Math.max(level, 1), filter, level < 0);
                    for (int y = 0; y < h; y++) {
                        assertTrue(!png.finished());
                        png.writeRow(pixels, y * w);
                    }
                    assertTrue(png.finished());
                    assertArrayEquals(pixels, decode(out.toByteArray(), w, h), w + "x" + h + " " + filter + " " + level);
                }
            }
        }
    }

    @Test
    void theJobsEncoderRoundTripsThroughImageIo() throws Exception {
        Random random = new Random(12);
        // 700 x 300 spans several of the compressor's blocks; a block boundary falls inside a row
        for (int[] size : new int[][] {{1, 1}, {1, 9}, {9, 1}, {37, 23}, {700, 300}}) {
            byte[] pixels = smoothNoise(random, size[0], size[1]);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PngEncoder.write(pixels, size[0], size[1], out);
            assertArrayEquals(pixels, decode(out.toByteArray(), size[0], size[1]), size[0] + "x" + size[1]);
        }
    }

    @Test
    void rowsFromAnOffsetAndAFullImageAtOnce() throws Exception {
        byte[] pixels = smoothNoise(new Random(2), 50, 40);
        byte[] padded = new byte[pixels.length + 7];
        System.arraycopy(pixels, 0, padded, 7, pixels.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngEncoder png = new PngEncoder(out, 50, 40);
        for (int y = 0; y < 40; y++) {
            png.writeRow(padded, 7 + y * 50);
        }
        assertArrayEquals(pixels, decode(out.toByteArray(), 50, 40));
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        PngEncoder.write(pixels, 50, 40, whole);
        assertArrayEquals(out.toByteArray(), whole.toByteArray());
    }

    @Test
    void refusesBadSizesAndExtraRows() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new PngEncoder(new ByteArrayOutputStream(), 0, 5));
        assertThrows(IllegalArgumentException.class, () -> PngEncoder.write(new byte[5], 2, 3, new ByteArrayOutputStream()));
        PngEncoder png = new PngEncoder(new ByteArrayOutputStream(), 2, 1);
        png.writeRow(new byte[2], 0);
        assertThrows(IllegalStateException.class, () -> png.writeRow(new byte[2], 0));
    }

    static byte[] decode(byte[] png, int w, int h) throws Exception {
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, read.getType());
        assertEquals(w, read.getWidth());
        assertEquals(h, read.getHeight());
        return ((DataBufferByte) read.getRaster().getDataBuffer()).getData();
    }

    private static byte[] smoothNoise(Random random, int w, int h) {
        byte[] pixels = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixels[y * w + x] = (byte) (128 + 100 * Math.sin(x * 0.05 + y * 0.03) + random.nextInt(9) - 4);
            }
        }
        return pixels;
    }
}
