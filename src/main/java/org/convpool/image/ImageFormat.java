package org.convpool.image;

import java.nio.charset.StandardCharsets;

/** Image container formats, recognised from their first bytes (never from the file name). */
public enum ImageFormat {
    JPEG, PNG, BMP, TIFF, WEBP, PNM, GIF, UNKNOWN;

    private static final byte[] JPEG_SIGNATURE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /**
     * The format named by the signature at the start of {@code bytes}: the signatures OpenCV
     * checks (for PNM, OpenCV's own test: 'P', a digit 1 to 6, then white space), plus GIF.
     *
     * @param bytes the whole file, or at least its first 12 bytes; may be empty
     * @return the format, or {@link #UNKNOWN} when no signature matches
     */
    public static ImageFormat sniff(byte[] bytes) {
        if (startsWith(bytes, 0, JPEG_SIGNATURE)) {
            return JPEG;
        }
        if (startsWith(bytes, 0, PNG_SIGNATURE)) {
            return PNG;
        }
        if (startsWith(bytes, 0, "BM")) {
            return BMP;
        }
        if (startsWith(bytes, 0, "II*\0") || startsWith(bytes, 0, "MM\0*")) {
            return TIFF;
        }
        if (startsWith(bytes, 0, "RIFF") && startsWith(bytes, 8, "WEBP")) {
            return WEBP;
        }
        if (bytes.length >= 3 && bytes[0] == 'P' && bytes[1] >= '1' && bytes[1] <= '6' && isSpace(bytes[2])) {
            return PNM;
        }
        if (startsWith(bytes, 0, "GIF87a") || startsWith(bytes, 0, "GIF89a")) {
            return GIF;
        }
        return UNKNOWN;
    }

    /** C's {@code isspace} in the "C" locale, which OpenCV's PNM reader uses. */
    static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean startsWith(byte[] bytes, int offset, String ascii) {
        return startsWith(bytes, offset, ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] signature) {
        if (bytes.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (bytes[offset + i] != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
