package org.convpool.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** How samples of every PNG layout become OpenCV's 8-bit BGR, on hand-made files. */
class SampleDepthTest {
    private static byte[] bgr(byte[] file) throws ImageDecodeException {
        return ImageDecoder.decodeBgr(file, DecodeLimits.defaults()).pixels();
    }

    /** BGR bytes for grey levels, each replicated three times. */
    private static byte[] greyBgr(int... levels) {
        byte[] out = new byte[3 * levels.length];
        for (int i = 0; i < levels.length; i++) {
            Arrays.fill(out, 3 * i, 3 * i + 3, (byte) levels[i]);
        }
        return out;
    }

    @Test
    void oneTwoAndFourBitGreyStretchLikeLibpng() throws Exception {
        // One row each, filter byte 0, samples packed from the high bits.
        byte[] oneBit = TestFiles.png(8, 1, 1, 0, new byte[] {0, (byte) 0b1011_0010});
        assertArrayEquals(greyBgr(255, 0, 255, 255, 0, 0, 255, 0), bgr(oneBit));

        byte[] twoBit = TestFiles.png(4, 1, 2, 0, new byte[] {0, (byte) 0b00_01_10_11});
        assertArrayEquals(greyBgr(0, 85, 170, 255), bgr(twoBit));

        byte[] fourBit = TestFiles.png(4, 1, 4, 0, new byte[] {0, (byte) 0x0F, (byte) 0x7A});
        assertArrayEquals(greyBgr(0, 255, 119, 170), bgr(fourBit));
    }

    @Test
    void sixteenBitSamplesKeepTheirHighByte() throws Exception {
        byte[] grey16 = TestFiles.png(4, 1, 16, 0, new byte[] {0, 0x12, 0x34, (byte) 0xFF, (byte) 0xFF, 0, (byte) 0xFF, (byte) 0x80, 0});
        assertArrayEquals(greyBgr(0x12, 0xFF, 0x00, 0x80), bgr(grey16));

        byte[] rgb16 = TestFiles.png(1, 1, 16, 2, new byte[] {0, 0x12, (byte) 0xAB, 0x34, (byte) 0xCD, 0x56, (byte) 0xEF});
        assertArrayEquals(new byte[] {0x56, 0x34, 0x12}, bgr(rgb16));
    }

    @Test
    void paletteEntriesAreLookedUpAndTheirAlphaIgnored() throws Exception {
        byte[] plte = {10, 20, 30, 40, 50, 60, 70, 80, 90};
        byte[] trns = {0, (byte) 128};
        byte[] png = TestFiles.png(3, 1, 2, 3, new byte[] {0, (byte) 0b10_01_00_00}, "PLTE", plte, "tRNS", trns);
        assertArrayEquals(new byte[] {90, 80, 70, 60, 50, 40, 30, 20, 10}, bgr(png));
    }

    @Test
    void alphaIsDroppedNotComposited() throws Exception {
        byte[] rgba = TestFiles.png(2, 1, 8, 6, new byte[] {0, 10, 20, 30, 0, 40, 50, 60, (byte) 255});
        assertArrayEquals(new byte[] {30, 20, 10, 60, 50, 40}, bgr(rgba));

        byte[] greyAlpha = TestFiles.png(2, 1, 8, 4, new byte[] {0, 100, 0, (byte) 200, 17});
        assertArrayEquals(greyBgr(100, 200), bgr(greyAlpha));

        // A tRNS colour key makes the JDK add an alpha band; the colour must survive as stored.
        byte[] keyed = TestFiles.png(2, 1, 8, 2, new byte[] {0, 10, 20, 30, 1, 2, 3}, "tRNS", new byte[] {0, 10, 0, 20, 0, 30});
        assertArrayEquals(new byte[] {30, 20, 10, 3, 2, 1}, bgr(keyed));
    }

    @Test
    void filteredRowsDecode() throws Exception {
        // Filter 1 (Sub) on the second row: each byte adds the one three to its left.
        byte[] rows = {0, 1, 2, 3, 4, 5, 6, 1, 10, 20, 30, 1, 1, 1};
        assertArrayEquals(new byte[] {3, 2, 1, 6, 5, 4, 30, 20, 10, 31, 21, 11}, bgr(TestFiles.png(2, 2, 8, 2, rows)));
    }

    /**
     * The JDK's JPEG reader converts from an embedded ICC profile to sRGB unless told not to;
     * OpenCV never does. The same JPEG with and without a (linear RGB) profile must decode the same.
     */
    @Test
    void jpegIccProfileDoesNotChangeTheSamples() throws Exception {
        byte[] plain = ExifOrientationTest.smallJpeg();
        byte[] withProfile = withIccProfile(plain, ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData());

        assertArrayEquals(bgr(plain), bgr(withProfile));

        // The check is not vacuous: the reader's default path does change these samples.
        BufferedImage converted = ImageIO.read(new ByteArrayInputStream(withProfile));
        BufferedImage raw = ImageIO.read(new ByteArrayInputStream(plain));
        assertFalse(Arrays.equals(pixels(raw), pixels(converted)), "the profile had no effect on ImageIO.read");
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
    }

    /** {@code jpeg} with an APP2 ICC_PROFILE segment (a single chunk) after SOI. */
    private static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
        byte[] tag = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + tag.length + 2 + profile.length;
        assertEquals(true, length < 65536, "profile too large for one segment");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) (length >> 8), (byte) length});
        out.writeBytes(tag);
        out.writeBytes(new byte[] {1, 1});
        out.writeBytes(profile);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
