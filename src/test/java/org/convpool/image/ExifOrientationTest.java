package org.convpool.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.convpool.engine.GreyImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExifOrientationTest {
    /** a b c / d e f: every orientation gives a different arrangement. */
    private static final GreyImage ABC_DEF = new GreyImage(3, 2, new byte[] {1, 2, 3, 4, 5, 6});

    @Test
    void rotate90ClockwiseIsOrientation6() {
        // a b c      d a
        // d e f  ->  e b
        //            f c
        GreyImage turned = ExifOrientation.apply(ABC_DEF, 6);
        assertEquals(2, turned.width());
        assertEquals(3, turned.height());
        assertArrayEquals(new byte[] {4, 1, 5, 2, 6, 3}, turned.pixels());
    }

    @Test
    void eachOrientationOnAHandImage() {
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, ExifOrientation.apply(ABC_DEF, 1).pixels());
        assertArrayEquals(new byte[] {3, 2, 1, 6, 5, 4}, ExifOrientation.apply(ABC_DEF, 2).pixels());
        assertArrayEquals(new byte[] {6, 5, 4, 3, 2, 1}, ExifOrientation.apply(ABC_DEF, 3).pixels());
        assertArrayEquals(new byte[] {4, 5, 6, 1, 2, 3}, ExifOrientation.apply(ABC_DEF, 4).pixels());
        assertArrayEquals(new byte[] {1, 4, 2, 5, 3, 6}, ExifOrientation.apply(ABC_DEF, 5).pixels());
        assertArrayEquals(new byte[] {4, 1, 5, 2, 6, 3}, ExifOrientation.apply(ABC_DEF, 6).pixels());
        assertArrayEquals(new byte[] {6, 3, 5, 2, 4, 1}, ExifOrientation.apply(ABC_DEF, 7).pixels());
        assertArrayEquals(new byte[] {3, 6, 2, 5, 1, 4}, ExifOrientation.apply(ABC_DEF, 8).pixels());
    }

    /** Larger than one tile, odd sizes: the tiled loop against OpenCV's definitions built from flips. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void matchesTransposeAndFlipDefinitions(int orientation) {
        int w = 131;
        int h = 77;
        byte[] pixels = new byte[w * h];
        new Random(orientation).nextBytes(pixels);
        GreyImage image = new GreyImage(w, h, pixels.clone());

        GreyImage turned = ExifOrientation.apply(image, orientation);

        int[][] expected = naive(toGrid(image), orientation);
        assertEquals(expected.length, turned.height());
        assertEquals(expected[0].length, turned.width());
        for (int y = 0; y < turned.height(); y++) {
            for (int x = 0; x < turned.width(); x++) {
                assertEquals(expected[y][x], turned.pixel(x, y), "(" + x + ", " + y + ")");
            }
        }
        assertArrayEquals(pixels, image.pixels(), "input modified");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void bgrTurnsLikeEachOfItsChannels(int orientation) {
        int w = 70;
        int h = 65;
        byte[] bgr = new byte[3 * w * h];
        new Random(100 + orientation).nextBytes(bgr);
        Bgr turned = ExifOrientation.apply(new Bgr(w, h, bgr), orientation);
        for (int c = 0; c < 3; c++) {
            byte[] channel = new byte[w * h];
            for (int i = 0; i < w * h; i++) {
                channel[i] = bgr[3 * i + c];
            }
            GreyImage expected = ExifOrientation.apply(new GreyImage(w, h, channel), orientation);
            assertEquals(expected.width(), turned.width());
            for (int i = 0; i < w * h; i++) {
                assertEquals(expected.pixels()[i], turned.pixels()[3 * i + c]);
            }
        }
    }

    @Test
    void outOfRangeOrientationLeavesTheImage() {
        assertSame(ABC_DEF, ExifOrientation.apply(ABC_DEF, 0));
        assertSame(ABC_DEF, ExifOrientation.apply(ABC_DEF, 9));
        assertSame(ABC_DEF, ExifOrientation.apply(ABC_DEF, 1));
    }

    @Test
    void readsTheTestImagesOrientation() {
        assertEquals(6, ExifOrientation.read(TestFiles.image("variants/orient6.jpg")));
        assertEquals(1, ExifOrientation.read(TestFiles.image("grace_hopper.jpg")));
        assertEquals(1, ExifOrientation.read(TestFiles.image("camera.png")));
    }

    @Test
    void anythingUnreadableIsOrientation1() {
        assertEquals(1, ExifOrientation.read(new byte[0]));
        assertEquals(1, ExifOrientation.read(TestFiles.image("not-an-image.txt")));
        assertEquals(1, ExifOrientation.read(TestFiles.image("truncated.jpg")));
        assertEquals(1, ExifOrientation.read(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0, 8, 'E', 'x'}));
        byte[] orient6 = TestFiles.image("variants/orient6.jpg");
        assertEquals(1, ExifOrientation.read(java.util.Arrays.copyOf(orient6, 40)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void readsJpegExifInBothByteOrders(int orientation) throws IOException {
        byte[] jpeg = smallJpeg();
        assertEquals(orientation, ExifOrientation.read(TestFiles.withExif(jpeg, orientation, false)));
        assertEquals(orientation, ExifOrientation.read(TestFiles.withExif(jpeg, orientation, true)));
    }

    @Test
    void outOfRangeTagValuesAreOrientation1() throws IOException {
        byte[] jpeg = smallJpeg();
        assertEquals(1, ExifOrientation.read(TestFiles.withExif(jpeg, 0, false)));
        assertEquals(1, ExifOrientation.read(TestFiles.withExif(jpeg, 9, true)));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void decoderAppliesJpegOrientation(int orientation) throws Exception {
        byte[] jpeg = smallJpeg();
        GreyImage plain = ImageDecoder.decodeGrey(jpeg, DecodeLimits.defaults());
        GreyImage oriented = ImageDecoder.decodeGrey(TestFiles.withExif(jpeg, orientation, false), DecodeLimits.defaults());
        GreyImage expected = ExifOrientation.apply(plain, orientation);
        assertEquals(expected.width(), oriented.width());
        assertArrayEquals(expected.pixels(), oriented.pixels());
    }

    @Test
    void decoderAppliesPngExifChunk() throws Exception {
        // OpenCV 4.5.2+ reads a PNG's eXIf chunk too.
        int w = 5;
        int h = 3;
        byte[] rows = new byte[h * (w + 1)];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rows[y * (w + 1) + 1 + x] = (byte) (10 * y + x);
            }
        }
        byte[] plainPng = TestFiles.png(w, h, 8, 0, rows);
        byte[] exifPng = TestFiles.png(w, h, 8, 0, rows, "eXIf", TestFiles.exifTiff(6, false));
        assertEquals(1, ExifOrientation.read(plainPng));
        assertEquals(6, ExifOrientation.read(exifPng));
        GreyImage plain = ImageDecoder.decodeGrey(plainPng, DecodeLimits.defaults());
        GreyImage oriented = ImageDecoder.decodeGrey(exifPng, DecodeLimits.defaults());
        assertEquals(3, oriented.width());
        assertEquals(5, oriented.height());
        assertArrayEquals(ExifOrientation.apply(plain, 6).pixels(), oriented.pixels());
    }

    /** A 24x16 colour JPEG with a different value at every pixel position, written by the JDK. */
    static byte[] smallJpeg() throws IOException {
        BufferedImage image = new BufferedImage(24, 16, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) {
                image.setRGB(x, y, (x * 10) << 16 | (y * 15) << 8 | ((x + y) * 5));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private static int[][] toGrid(GreyImage image) {
        int[][] grid = new int[image.height()][image.width()];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                grid[y][x] = image.pixel(x, y);
            }
        }
        return grid;
    }

    /** OpenCV's definitions, composed from the three plain operations. */
    private static int[][] naive(int[][] g, int orientation) {
        return switch (orientation) {
            case 2 -> flipHorizontal(g);
            case 3 -> flipVertical(flipHorizontal(g));
            case 4 -> flipVertical(g);
            case 5 -> transpose(g);
            case 6 -> flipHorizontal(transpose(g));
            case 7 -> flipVertical(flipHorizontal(transpose(g)));
            case 8 -> flipVertical(transpose(g));
            default -> g;
        };
    }

    private static int[][] transpose(int[][] g) {
        int[][] t = new int[g[0].length][g.length];
        for (int y = 0; y < g.length; y++) {
            for (int x = 0; x < g[0].length; x++) {
                t[x][y] = g[y][x];
            }
        }
        return t;
    }

    private static int[][] flipHorizontal(int[][] g) {
        int[][] f = new int[g.length][];
        for (int y = 0; y < g.length; y++) {
            f[y] = new int[g[y].length];
            for (int x = 0; x < g[y].length; x++) {
                f[y][x] = g[y][g[y].length - 1 - x];
            }
        }
        return f;
    }

    private static int[][] flipVertical(int[][] g) {
        int[][] f = new int[g.length][];
        for (int y = 0; y < g.length; y++) {
            f[y] = g[g.length - 1 - y].clone();
        }
        return f;
    }
}
