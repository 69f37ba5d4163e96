package org.convpool.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MontageBuilderTest {
    @Test
    void interleavedRowsGiveTheSameMontageAsWholeMaps() {
        Random random = new Random(4);
        // shrinking and enlarging tiles, odd ratios, a map larger than the tile limit
        int[][] sizes = {{9, 7, 4, 3}, {30, 19, 15, 9}, {600, 311, 299, 155}, {3, 3, 1, 1}, {513, 2, 256, 1}};
        for (int[] s : sizes) {
            int filters = 1 + random.nextInt(3);
            List<byte[]> relu = maps(random, filters, s[0] * s[1]);
            List<byte[]> pool = maps(random, filters, s[2] * s[3]);
            MapPictures.Picture expected = reference(relu, s[0], s[1], pool, s[2], s[3]);
            MontageBuilder builder = new MontageBuilder(filters, s[0], s[1], s[2], s[3]);
            // as the engine hands them out: every filter's ReLU row, then the pooled rows it completes
            int pooled = 0;
            for (int y = 0; y < s[0]; y++) {
                for (int f = 0; f < filters; f++) {
                    builder.reluRow(f, y, java.util.Arrays.copyOfRange(relu.get(f), y * s[1], (y + 1) * s[1]));
                }
                while (pooled < s[2] && (pooled + 1) * s[0] / s[2] <= y + 1) {
                    for (int f = 0; f < filters; f++) {
                        builder.poolRow(f, pooled, java.util.Arrays.copyOfRange(pool.get(f), pooled * s[3],
                                (pooled + 1) * s[3]));
                    }
                    pooled++;
                }
            }
            MapPictures.Picture actual = builder.picture();
            assertEquals(expected.width(), actual.width());
            assertEquals(expected.height(), actual.height());
            assertArrayEquals(expected.pixels(), actual.pixels(), java.util.Arrays.toString(s));
        }
    }

    @Test
    void aRepeatedFilterGetsACopyOfItsOriginalsColumn() {
        Random random = new Random(8);
        List<byte[]> relu = maps(random, 3, 40 * 30);
        List<byte[]> pool = maps(random, 3, 20 * 15);
        relu.set(2, relu.get(0));
        pool.set(2, pool.get(0));
        MontageBuilder builder = new MontageBuilder(3, 40, 30, 20, 15);
        builder.sameAs(2, 0);
        for (int f = 0; f < 2; f++) {
            for (int y = 0; y < 40; y++) {
                builder.reluRow(f, y, java.util.Arrays.copyOfRange(relu.get(f), y * 30, (y + 1) * 30));
            }
            for (int y = 0; y < 20; y++) {
                builder.poolRow(f, y, java.util.Arrays.copyOfRange(pool.get(f), y * 15, (y + 1) * 15));
            }
        }
        assertArrayEquals(reference(relu, 40, 30, pool, 20, 15).pixels(), builder.picture().pixels());
        assertThrows(IllegalArgumentException.class, () -> builder.sameAs(0, 1));
    }

    @Test
    void refusesRowsOutOfOrderAndAnIncompleteMontage() {
        MontageBuilder builder = new MontageBuilder(1, 4, 4, 2, 2);
        assertThrows(IllegalArgumentException.class, () -> builder.reluRow(0, 1, new byte[4]));
        builder.reluRow(0, 0, new byte[4]);
        assertThrows(IllegalStateException.class, builder::picture);
        assertThrows(IllegalArgumentException.class, () -> new MontageBuilder(0, 4, 4, 2, 2));
    }

    private static List<byte[]> maps(Random random, int count, int size) {
        List<byte[]> maps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] m = new byte[size];
            random.nextBytes(m);
            maps.add(m);
        }
        return maps;
    }

    /** The montage's resampling written out per destination pixel, as it was before it streamed. */
    private static MapPictures.Picture reference(List<byte[]> relu, int rh, int rw, List<byte[]> pool, int ph, int pw) {
        int filters = relu.size();
        double scale = Math.min(1.0, (double) MapPictures.MAX_TILE / Math.max(rh, rw));
        int th = Math.max(1, (int) Math.round(rh * scale));
        int tw = Math.max(1, (int) Math.round(rw * scale));
        int g = MapPictures.GUTTER;
        int width = filters * tw + (filters + 1) * g;
        int height = 2 * th + 3 * g;
        byte[] pixels = new byte[width * height];
        java.util.Arrays.fill(pixels, (byte) 255);
        for (int f = 0; f < filters; f++) {
            int x0 = g + f * (tw + g);
            resize(relu.get(f), rh, rw, pixels, width, x0, g, th, tw);
            resize(pool.get(f), ph, pw, pixels, width, x0, 2 * g + th, th, tw);
        }
        return new MapPictures.Picture(width, height, pixels);
    }

    private static void resize(byte[] src, int sh, int sw, byte[] dst, int stride, int x0, int y0, int dh, int dw) {
        for (int y = 0; y < dh; y++) {
            int r0 = (int) ((long) y * sh / dh);
            int r1 = Math.max(r0 + 1, (int) ((long) (y + 1) * sh / dh));
            for (int x = 0; x < dw; x++) {
                int c0 = (int) ((long) x * sw / dw);
                int c1 = Math.max(c0 + 1, (int) ((long) (x + 1) * sw / dw));
                int sum = 0;
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        sum += src[r * sw + c] & 0xFF;
                    }
                }
                int count = (r1 - r0) * (c1 - c0);
                dst[(y0 + y) * stride + x0 + x] = (byte) ((sum + count / 2) / count);
            }
        }
    }
}
