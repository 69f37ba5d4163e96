package org.convpool.image;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The chunk structure of a PNG file, checked the way libpng checks it. The JDK's PNG reader stops
 * after the image data and never verifies CRCs, while libpng (and so OpenCV) reads through the
 * final IEND chunk and rejects a critical chunk whose CRC is wrong: without this check a file cut
 * inside its last chunk, or damaged in a way the JDK does not notice, would decode here and be
 * {@code corrupt} in the reference.
 */
final class PngChunks {
    private static final int SIGNATURE_LENGTH = 8;
    private static final int IEND = type("IEND");
    private static final int[] KNOWN_CRITICAL = {type("IHDR"), type("PLTE"), type("IDAT"), IEND};

    private PngChunks() {
    }

    /**
     * Checks that the chunks run from the signature to a complete IEND chunk, that every
     * critical chunk is one libpng knows and has a correct CRC.
     *
     * @param bytes a whole file that starts with the PNG signature
     * @throws ImageDecodeException {@code CORRUPT}, with a message saying which check failed
     */
    static void verify(byte[] bytes) throws ImageDecodeException {
        verify(bytes, false);
    }

    /**
     * Checks the first chunk (IHDR) only, as libpng does before it looks at the image size: a
     * damaged header is {@code corrupt} even if the size it now claims is too large.
     */
    static void verifyHeader(byte[] bytes) throws ImageDecodeException {
        verify(bytes, true);
    }

    private static void verify(byte[] bytes, boolean headerOnly) throws ImageDecodeException {
        CRC32 crc = new CRC32();
        long pos = SIGNATURE_LENGTH;
        while (true) {
            if (pos + 8 > bytes.length) {
                throw truncated();
            }
            long length = readUInt(bytes, (int) pos);
            int type = (int) readUInt(bytes, (int) pos + 4);
            long crcAt = pos + 8 + length;
            if (length > Integer.MAX_VALUE) {
                throw new ImageDecodeException(FailureReason.CORRUPT, "PNG chunk '" + name(type)
                        + "' claims " + length + " bytes, more than PNG allows; the file is damaged, re-copy or re-export it");
            }
            if (crcAt + 4 > bytes.length) {
                throw truncated();
            }
            if (isCritical(type)) {
                if (!isKnownCritical(type)) {
                    throw new ImageDecodeException(FailureReason.CORRUPT, "PNG file has a critical chunk '" + name(type)
                            + "' that standard PNG decoders do not know (a non-standard or damaged file); re-export it as a standard PNG");
                }
                crc.reset();
                crc.update(bytes, (int) pos + 4, (int) length + 4);
                if (crc.getValue() != readUInt(bytes, (int) crcAt)) {
                    throw new ImageDecodeException(FailureReason.CORRUPT, "PNG chunk '" + name(type)
                            + "' fails its CRC check (the file is damaged); re-copy or re-export the file");
                }
            }
            if (type == IEND || headerOnly) {
                return;
            }
            pos = crcAt + 4;
        }
    }

    /** Whether a chunk of type {@code name} (for example "eXIf") appears before IEND; false on any structural fault. */
    static boolean contains(byte[] bytes, String name) {
        int wanted = type(name);
        long pos = SIGNATURE_LENGTH;
        while (pos + 8 <= bytes.length) {
            int type = (int) readUInt(bytes, (int) pos + 4);
            if (type == wanted) {
                return true;
            }
            if (type == IEND) {
                return false;
            }
            pos += 12 + readUInt(bytes, (int) pos);
        }
        return false;
    }

    private static ImageDecodeException truncated() {
        return new ImageDecodeException(FailureReason.CORRUPT,
                "PNG data ends before its final IEND chunk (the file looks truncated); re-copy or re-export the file");
    }

    private static boolean isCritical(int type) {
        return (type & 0x2000_0000) == 0; // bit 5 of the first letter: upper case means critical
    }

    private static boolean isKnownCritical(int type) {
        for (int known : KNOWN_CRITICAL) {
            if (type == known) {
                return true;
            }
        }
        return false;
    }

    private static long readUInt(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static int type(String name) {
        byte[] b = name.getBytes(StandardCharsets.ISO_8859_1);
        return (int) readUInt(b, 0);
    }

    private static String name(int type) {
        StringBuilder s = new StringBuilder(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (type >>> shift) & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return s.toString();
    }
}
