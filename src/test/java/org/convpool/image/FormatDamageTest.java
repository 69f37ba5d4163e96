package org.convpool.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged and hostile files of the formats added for issue 3 (CMYK JPEG, 16-bit TIFF, PNM, GIF, BMP
 * variants): cut anywhere they fail with {@code corrupt} (or {@code unsupported_format} when too little
 * is left to recognise them), never with another exception and never with half an image; absurd headers
 * are refused before any pixel is allocated.
 */
class FormatDamageTest {
    private static byte[] fixture(String relative) throws IOException {
        return Files.readAllBytes(TestFiles.resource("formats/images").resolve(relative));
    }

    private static ImageDecodeException failure(byte[] bytes) {
        try {
            ImageDecoder.decodeGrey(bytes, DecodeLimits.defaults());
        } catch (ImageDecodeException e) {
            return e;
        }
        return fail("decoded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpeg/cmyk-adobe.jpg", "jpeg/ycck-adobe.jpg", "jpeg/arithmetic.jpg", "jpeg/baseline-440.jpg",
            "tiff/rgb-16bit-lzw.tif", "tiff/rgb-8bit-tiled-deflate.tif", "tiff/rgba-8bit-unassociated.tif",
            "tiff/palette-8bit-lzw.tif", "bmp/rle4.bmp", "bmp/rgb-16bit-565.bmp", "bmp/palette-1bit.bmp",
            "bmp/rgba-32bit-v5.bmp", "pnm/p6-binary-rgb.ppm", "pnm/p5-binary-grey-16bit.pgm", "pnm/p4-binary-bitmap.pbm",
            "pnm/p3-ascii-rgb.ppm", "pnm/p1-ascii-bitmap.pbm", "gif/palette-64.gif", "gif/interlaced.gif",
            "webp/lossy-q80.webp", "webp/lossless-alpha.webp", "png/interlaced-grey-alpha-16bit.png"})
    void truncatedFixturesAreCorrupt(String file) throws IOException {
        byte[] whole = fixture(file);
        int n = whole.length;
        Set<Integer> cuts = new TreeSet<>(Arrays.asList(1, 2, 3, 5, 8, 12, 14, 20, 30, 54, 100, 300, n / 8, n / 4,
                n / 2, 3 * n / 4, 9 * n / 10, n - 40, n - 12, n - 3, n - 2, n - 1));
        for (int cut : cuts) {
            if (cut <= 0 || cut >= n) {
                continue;
            }
            ImageDecodeException e;
            try {
                ImageDecoder.decodeGrey(Arrays.copyOf(whole, cut), DecodeLimits.defaults());
                if (file.equals("pnm/p1-ascii-bitmap.pbm") && cut == n - 1) {
                    continue;       // only the final newline is gone, which P1's one-digit samples do not need
                }
                if (file.endsWith(".gif") && cut == n - 1) {
                    continue;       // only the trailer ';' is gone: OpenCV 4.11 decodes the first frame too
                }
                fail(file + " cut to " + cut + " of " + n + " bytes decoded");
                return;
            } catch (ImageDecodeException caught) {
                e = caught;
            }
            boolean unrecognised = ImageFormat.sniff(Arrays.copyOf(whole, cut)) == ImageFormat.UNKNOWN;
            // A PNM cut inside its header no longer says what it is: text, as far as anyone can tell.
            boolean pnmHeader = file.startsWith("pnm/") && e.getMessage().contains("header is not one");
            FailureReason expected = unrecognised || pnmHeader ? FailureReason.UNSUPPORTED_FORMAT : FailureReason.CORRUPT;
            assertEquals(expected, e.reason(), file + " cut to " + cut + ": " + e.getMessage());
        }
    }

    /** Text that happens to start like a PNM header, and PNM headers followed by noise. */
    @Test
    void textStartingLikePnmNeverCrashes() {
        Random random = new Random(3);
        String[] texts = {"P1 is a parking place\n", "P2\n# comment only", "P3\n3", "P4\n\n\n", "P5 -1 -1 255\n",
                "P6 99999999999 2 255\n", "P2 2 2 0\n1 2 3 4\n", "P5 2 2 65536\n", "P3 1 1 255\n1 2 x\n",
                "P2 1 1 255\n99999999999\n"};
        for (String text : texts) {
            ImageDecodeException e = failure(text.getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(e.reason() == FailureReason.UNSUPPORTED_FORMAT || e.reason() == FailureReason.CORRUPT,
                    text + ": " + e.reason());
        }
        for (int i = 0; i < 300; i++) {
            byte[] bytes = new byte[3 + random.nextInt(200)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = (byte) " \n#0123456789Pabc\t\r"
                        .charAt(random.nextInt(19));
            }
            bytes[0] = 'P';
            bytes[1] = (byte) ('1' + random.nextInt(6));
            bytes[2] = '\n';
            try {
                ImageDecoder.decodeGrey(bytes, DecodeLimits.defaults());
            } catch (ImageDecodeException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            }
        }
    }

    @Test
    void asciiPnmSamplesAreClampedAndScaledLikeOpenCv() throws Exception {
        // maxval 15: 15 -> 255, 7 -> 7 * 255 / 15 = 119; 99 is clamped to 15.
        byte[] bgr = ImageDecoder.decodeBgr("P2 3 1 15\n15 7 99\n".getBytes(StandardCharsets.ISO_8859_1),
                DecodeLimits.defaults()).pixels();
        assertEquals(List3.of(255, 119, 255), List3.greys(bgr));
        // Binary samples are taken as stored, not scaled by maxval (OpenCV's PxM decoder does the same).
        byte[] binary = ImageDecoder.decodeBgr(concat("P5 2 1 100\n", new byte[] {50, 100}), DecodeLimits.defaults())
                .pixels();
        assertEquals(List3.of(50, 100), List3.greys(binary));
        // P1: 1 is black; digits need no separators.
        byte[] bits = ImageDecoder.decodeBgr("P1\n3 1\n101".getBytes(StandardCharsets.ISO_8859_1),
                DecodeLimits.defaults()).pixels();
        assertEquals(List3.of(0, 255, 0), List3.greys(bits));
    }

    @Test
    void tinyFilesWithHugeHeadersAreTooLarge() {
        byte[] pnm = "P5\n20000 20000\n255\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(FailureReason.TOO_LARGE, failure(pnm).reason());

        // A header within the limit but far more pixels than the data holds: refused before allocating.
        byte[] shortPnm = "P6\n10000 10000\n255\n\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
        ImageDecodeException e = failure(shortPnm);
        assertEquals(FailureReason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        // WebP lossless (VP8L) header claiming 16384 x 16384, the format's largest: over the default limit.
        ByteBuffer vp8l = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        vp8l.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(32).put("WEBPVP8L".getBytes(StandardCharsets.ISO_8859_1))
                .putInt(20).put((byte) 0x2F).putInt((16383) | (16383 << 14));
        assertEquals(FailureReason.TOO_LARGE, failure(vp8l.array()).reason());

        byte[] gif = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN).put("GIF89a".getBytes(StandardCharsets.ISO_8859_1))
                .putShort((short) 60000).putShort((short) 60000).put(new byte[3]).array();
        assertEquals(FailureReason.TOO_LARGE, failure(gif).reason());
    }

    private static byte[] concat(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(h, h.length + data.length);
        System.arraycopy(data, 0, out, h.length, data.length);
        return out;
    }

    /** Grey levels of a BGR row whose three channels are equal. */
    private static final class List3 {
        static java.util.List<Integer> of(Integer... levels) {
            return Arrays.asList(levels);
        }

        static java.util.List<Integer> greys(byte[] bgr) {
            Integer[] levels = new Integer[bgr.length / 3];
            for (int i = 0; i < levels.length; i++) {
                assertTrue(bgr[3 * i] == bgr[3 * i + 1] && bgr[3 * i] == bgr[3 * i + 2], "not grey");
                levels[i] = bgr[3 * i] & 0xFF;
            }
            return Arrays.asList(levels);
        }
    }
}
