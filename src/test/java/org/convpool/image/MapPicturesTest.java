package org.convpool.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class MapPicturesTest {
    @Test
    void normaliseStretchesMinToZeroAndMaxTo255() {
        float[] map = {-1f, 0f, 0.5f, 1f, 0.25f};
        // 255 * (v + 1) / 2: 0, 127.5 -> 128 (Math.round rounds half up), 191.25, 255, 159.375
        assertArrayEquals(new byte[] {0, (byte) 128, (byte) 191, (byte) 255, (byte) 159}, MapPictures.normalise(map, 5));
    }

    @Test
    void normaliseReadsOnlyTheFirstNValues() {
        float[] map = {2f, 4f, 3f, 1000f, -1000f};
        assertArrayEquals(new byte[] {0, (byte) 255, (byte) 128}, MapPictures.normalise(map, 3));
        assertEquals(1000f, map[3], "input modified");
    }

    @Test
    void flatMapIsAllZero() {
        assertArrayEquals(new byte[4], MapPictures.normalise(new float[] {0.3f, 0.3f, 0.3f, 0.3f}, 4));
        assertArrayEquals(new byte[1], MapPictures.normalise(new float[] {7f}, 1));
        assertArrayEquals(new byte[0], MapPictures.normalise(new float[0], 0));
    }

    @Test
    void normaliseComputesInDouble() {
        // 255 * v / max = 155.4999992 in double; the same steps in float give 155.5, which rounds to 156.
        float max = 240f / 7f;
        float v = 20.907562255859375f;
        assertEquals(156, Math.round(255f * v / max), "the float computation no longer differs: pick other values");
        assertArrayEquals(new byte[] {0, (byte) 155, (byte) 255}, MapPictures.normalise(new float[] {0f, v, max}, 3));
    }

    @Test
    void normaliseRowIsTheContractFormulaEvenAtHalfWayPoints() {
        Random random = new Random(6);
        float[] row = new float[1000];
        byte[] out = new byte[1000];
        for (int trial = 0; trial < 2000; trial++) {
            float lo = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
            float hi = lo + (float) (random.nextDouble() * Math.pow(10, random.nextInt(7) - 3));
            for (int i = 0; i < row.length; i++) {
                row[i] = i % 7 == 0 ? lo : i % 11 == 0 ? hi : lo + random.nextFloat() * (hi - lo);
            }
            assertNormalisedAsTheContractSays(row, lo, hi, out);
        }
        // every value lands exactly half-way: v / 2 for odd v on [0, 510]
        for (int i = 0; i < row.length; i++) {
            row[i] = (2 * i + 1) % 511;
        }
        assertNormalisedAsTheContractSays(row, 0f, 510f, out);
    }

    @Test
    void truncatingPlusTheLargestDoubleBelowHalfIsMathRoundOnTheLevelsRange() {
        Random random = new Random(7);
        for (int j = 0; j <= 255; j++) {
            for (double centre : new double[] {j, j + 0.5}) {
                double q = centre;
                double up = centre;
                for (int step = 0; step < 64; step++) {
                    assertRoundsLikeMathRound(q);
                    assertRoundsLikeMathRound(up);
                    q = Math.nextDown(q);
                    up = Math.nextUp(up);
                }
            }
            for (int k = 0; k < 1000; k++) {
                assertRoundsLikeMathRound(j + random.nextDouble());
            }
        }
        assertRoundsLikeMathRound(0.0);
        assertRoundsLikeMathRound(Double.MIN_VALUE);
        assertRoundsLikeMathRound(0.49999999999999994);
        assertRoundsLikeMathRound(0.25 - 0x1p-60);
    }

    private static void assertRoundsLikeMathRound(double q) {
        if (q < 0 || q > 255) {
            return;
        }
        assertEquals(Math.round(q), (int) (q + MapPictures.ROUND_HALF_UP), "q = " + q);
    }

    private static void assertNormalisedAsTheContractSays(float[] row, float lo, float hi, byte[] out) {
        MapPictures.normaliseRow(row, row.length, lo, hi, out);
        for (int i = 0; i < row.length; i++) {
            int expected = hi == lo ? 0 : (int) Math.round(255.0 * (row[i] - (double) lo) / ((double) hi - lo));
            assertEquals(expected, out[i] & 0xFF, "v = " + row[i] + " on [" + lo + ", " + hi + "]");
        }
    }

    @Test
    void pngRoundTripsExactly() throws Exception {
        int w = 37;
        int h = 23;
        byte[] pixels = new byte[w * h];
        new Random(3).nextBytes(pixels);
        byte[] copy = pixels.clone();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        MapPictures.writeGreyPng(pixels, w, h, out);

        assertArrayEquals(copy, pixels, "input modified");
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, read.getType());
        assertEquals(w, read.getWidth());
        assertEquals(h, read.getHeight());
        assertArrayEquals(pixels, ((DataBufferByte) read.getRaster().getDataBuffer()).getData());
        // And it is the 8-bit greyscale PNG the decoder reads back the same way.
        assertArrayEquals(pixels, ImageDecoder.decodeGrey(out.toByteArray(), DecodeLimits.defaults()).pixels());
    }

    @Test
    void writeGreyPngChecksTheSize() {
        assertThrows(IllegalArgumentException.class,
                () -> MapPictures.writeGreyPng(new byte[5], 2, 3, new ByteArrayOutputStream()));
    }

    @Test
    void montageLaysOutFiltersInColumnsReluAbovePool() {
        // 4 filters, ReLU 6x10 (h x w), pooled 3x5: tiles are 6x10, no scaling needed.
        List<byte[]> relu = List.of(filled(60, 10), filled(60, 20), filled(60, 30), filled(60, 40));
        List<byte[]> pool = List.of(filled(15, 11), filled(15, 21), filled(15, 31), filled(15, 41));

        MapPictures.Picture p = MapPictures.montage(relu, 6, 10, pool, 3, 5);

        int g = MapPictures.GUTTER;
        assertEquals(4 * 10 + 5 * g, p.width());
        assertEquals(2 * 6 + 3 * g, p.height());
        for (int f = 0; f < 4; f++) {
            int x0 = g + f * (10 + g);
            assertEquals(10 * (f + 1), at(p, x0, g));                 // top-left of the ReLU tile
            assertEquals(10 * (f + 1), at(p, x0 + 9, g + 5));         // bottom-right of the ReLU tile
            assertEquals(10 * (f + 1) + 1, at(p, x0, 2 * g + 6));     // pooled tile, enlarged to 6x10
            assertEquals(10 * (f + 1) + 1, at(p, x0 + 9, 2 * g + 11));
            assertEquals(255, at(p, x0 - 1, g));                      // gutter
        }
        assertEquals(255, at(p, 0, 0));
        assertEquals(255, at(p, p.width() - 1, p.height() - 1));
    }

    @Test
    void pooledTilesLineUpWithTheirReluWindows() {
        // Pooled pixel (y, x) covers ReLU rows 2y..2y+1 and columns 2x..2x+1.
        byte[] pool = {1, 2, 3, 4, 5, 6};    // 2 x 3
        MapPictures.Picture p = MapPictures.montage(List.of(new byte[4 * 6]), 4, 6, List.of(pool), 2, 3);
        int g = MapPictures.GUTTER;
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                assertEquals(pool[(y / 2) * 3 + x / 2], at(p, g + x, 2 * g + 4 + y), "(" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void largeMapsAreScaledDownToTheTileLimit() {
        int reluH = 1000;
        int reluW = 1500;
        byte[] relu = new byte[reluH * reluW];
        Arrays.fill(relu, (byte) 200);
        byte[] pool = new byte[500 * 750];
        MapPictures.Picture p = MapPictures.montage(List.of(relu, relu), reluH, reluW, List.of(pool, pool), 500, 750);

        int tileW = MapPictures.MAX_TILE;
        int tileH = (int) Math.round(1000 * 512.0 / 1500);
        assertEquals(2 * tileW + 3 * MapPictures.GUTTER, p.width());
        assertEquals(2 * tileH + 3 * MapPictures.GUTTER, p.height());
        assertEquals(200, at(p, MapPictures.GUTTER + 100, MapPictures.GUTTER + 100), "area average of a flat map");
        assertEquals(0, at(p, MapPictures.GUTTER + 100, 2 * MapPictures.GUTTER + tileH + 100));
    }

    @Test
    void montageRefusesMismatchedMaps() {
        assertThrows(IllegalArgumentException.class,
                () -> MapPictures.montage(List.of(new byte[6]), 2, 3, List.of(), 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> MapPictures.montage(List.of(new byte[5]), 2, 3, List.of(new byte[1]), 1, 1));
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static int at(MapPictures.Picture p, int x, int y) {
        return p.pixels()[y * p.width() + x] & 0xFF;
    }
}
