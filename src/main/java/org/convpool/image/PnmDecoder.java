package org.convpool.image;

/**
 * PBM, PGM and PPM (P1 to P6), read by the rules of OpenCV's own PxM decoder, which is what
 * {@code cv2.imread} uses for them. Written here rather than taken from a plugin because those
 * rules are OpenCV's, not the Netpbm specification's, and the numbers depend on them:
 *
 * <ul>
 *   <li>ASCII samples (P2, P3) are clamped to maxval; with a maxval up to 255 they are then scaled
 *       as {@code v * 255 / maxval}, rounded down;</li>
 *   <li>binary 8-bit samples (P5, P6) are taken as stored, not scaled, whatever the maxval;</li>
 *   <li>samples of a maxval over 255 (two bytes, big-endian) keep their high byte, also not scaled;</li>
 *   <li>PBM bits (P1, P4) are 1 for black: 0 or 255;</li>
 *   <li>the header is numbers separated by white space, with {@code #} comments to the end of a line;</li>
 *   <li>every number, the last sample's too, must be followed by a character (P1's one-digit samples
 *       excepted).</li>
 * </ul>
 *
 * <p>The header's size is checked against the limits, and the data's length against the size, before
 * the pixels are allocated, so a tiny file claiming a huge image costs nothing.
 */
final class PnmDecoder implements FormatDecoder {
    private static final int MAX_MAXVAL = 65535;

    @Override
    public DecodedRows decode(byte[] bytes, DecodeLimits limits) throws ImageDecodeException {
        Cursor in = new Cursor(bytes);
        char kind = (char) bytes[1];
        in.pos = 2;
        boolean bitmap = kind == '1' || kind == '4';
        boolean binary = kind >= '4';
        int channels = kind == '3' || kind == '6' ? 3 : 1;
        long width = in.headerNumber(kind);
        long height = in.headerNumber(kind);
        long maxval = bitmap ? 1 : in.headerNumber(kind);
        if (width <= 0 || height <= 0 || maxval <= 0 || maxval > MAX_MAXVAL) {
            throw new ImageDecodeException(FailureReason.CORRUPT, String.format(
                    "The P%c header gives an impossible image (%d x %d pixels, maximum sample value %d; the maximum must"
                            + " be 1 to 65535); the file is damaged, re-copy or re-export it", kind, width, height, maxval));
        }
        ImageIoDecoder.checkSize(ImageFormat.PNM, width, height, limits);
        int w = (int) width;
        int h = (int) height;
        int samplesPerRow = w * channels;
        byte[] samples = new byte[Math.multiplyExact(samplesPerRow, h)];
        if (binary) {
            int rowBytes = bitmap ? (w + 7) / 8 : samplesPerRow * (maxval > 255 ? 2 : 1);
            long needed = (long) rowBytes * h;
            if (bytes.length - in.pos < needed) {
                throw truncated(kind, bytes.length - in.pos, needed);
            }
            readBinary(bytes, in.pos, samples, w, h, channels, bitmap, maxval > 255);
        } else {
            // Every ASCII sample takes at least one character (P1) or a digit and a separator.
            long minimum = (long) samplesPerRow * h * (bitmap ? 1 : 2) - 1;
            if (bytes.length - in.pos < minimum) {
                throw truncated(kind, bytes.length - in.pos, minimum);
            }
            readAscii(in, samples, kind, bitmap, (int) maxval);
        }
        return new SampleRows(w, h, channels, samples);
    }

    private static void readBinary(byte[] bytes, int start, byte[] samples, int w, int h, int channels, boolean bitmap,
            boolean wide) {
        int s = start;
        int d = 0;
        if (bitmap) {
            int rowBytes = (w + 7) / 8;
            for (int y = 0; y < h; y++, s += rowBytes) {
                for (int x = 0; x < w; x++) {
                    int bit = (bytes[s + (x >> 3)] >> (7 - (x & 7))) & 1;
                    samples[d++] = (byte) (bit == 0 ? 255 : 0);
                }
            }
        } else if (wide) {
            // OpenCV swaps to native order and keeps the high byte: the first of each big-endian pair.
            for (int end = samples.length; d < end; d++, s += 2) {
                samples[d] = bytes[s];
            }
        } else {
            System.arraycopy(bytes, s, samples, 0, samples.length);
        }
    }

    private static void readAscii(Cursor in, byte[] samples, char kind, boolean bitmap, int maxval)
            throws ImageDecodeException {
        int[] scale = null;
        if (maxval <= 255) {
            scale = new int[maxval + 1];
            for (int i = 0; i <= maxval; i++) {
                scale[i] = i * 255 / maxval;
            }
        }
        for (int i = 0; i < samples.length; i++) {
            if (bitmap) {
                // One digit per pixel, with or without separators: OpenCV reads a single digit each time.
                samples[i] = (byte) (in.dataNumber(kind, 1) != 0 ? 0 : 255);
                continue;
            }
            long v = Math.min(in.dataNumber(kind, 0), maxval);
            samples[i] = (byte) (scale != null ? scale[(int) v] : (int) v >> 8);
        }
    }

    private static ImageDecodeException truncated(char kind, long have, long needed) {
        return new ImageDecodeException(FailureReason.CORRUPT, "P" + kind + " image data has " + have
                + " bytes where its header needs at least " + needed + " (the file looks truncated); re-copy or"
                + " re-export the file");
    }

    /** Reads OpenCV's way: white space and {@code #} comments before each number, any number of digits. */
    private static final class Cursor {
        private final byte[] bytes;
        private int pos;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        /** A header number; anything but a number here means the file is not a PNM image at all. */
        long headerNumber(char kind) throws ImageDecodeException {
            long v = number(0);
            if (v < 0) {
                throw new ImageDecodeException(FailureReason.UNSUPPORTED_FORMAT, "The file starts like a P" + kind
                        + " (PBM/PGM/PPM) image but its header is not one (" + (v == END ? "it ends early" : "it holds"
                        + " text where numbers belong") + "); remove it from the input or convert it to PNG");
            }
            return v;
        }

        long dataNumber(char kind, int maxDigits) throws ImageDecodeException {
            long v = number(maxDigits);
            if (v == END) {
                throw new ImageDecodeException(FailureReason.CORRUPT, "P" + kind + " image data ends before the image"
                        + " is complete (the file looks truncated); re-copy or re-export the file");
            }
            if (v < 0) {
                throw new ImageDecodeException(FailureReason.CORRUPT, "P" + kind + " image data holds something other"
                        + " than numbers (or a number over 2^31) at byte " + pos + "; the file is damaged, re-copy or"
                        + " re-export it");
            }
            return v;
        }

        private static final long END = -1;
        private static final long NOT_A_NUMBER = -2;

        /**
         * The next number, having skipped white space and comments, and consumed the character after it (as
         * OpenCV's ReadNumber does, so binary data starts right after the single separator that ends the
         * header). {@code END} at the end of the bytes, {@code NOT_A_NUMBER} for anything else.
         */
        private long number(int maxDigits) {
            int c = next();
            while (!isDigit(c)) {
                if (c < 0) {
                    return END;
                } else if (c == '#') {
                    do {
                        c = next();
                    } while (c >= 0 && c != '\n' && c != '\r');
                    c = next();
                } else if (ImageFormat.isSpace(c)) {
                    c = next();
                } else {
                    return NOT_A_NUMBER;
                }
            }
            long v = 0;
            int digits = 0;
            do {
                v = v * 10 + (c - '0');
                if (v > Integer.MAX_VALUE) {
                    return NOT_A_NUMBER;
                }
                digits++;
                if (maxDigits != 0 && digits >= maxDigits) {
                    break;
                }
                c = next();
            } while (isDigit(c));
            // OpenCV reads the character after a number too, and fails where there is none: a text PNM whose
            // last sample is not followed by white space does not decode.
            return c < 0 && (maxDigits == 0 || digits < maxDigits) ? END : v;
        }

        private int next() {
            return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
        }

        private static boolean isDigit(int c) {
            return c >= '0' && c <= '9';
        }
    }

    /** Rows of 8-bit samples, one (grey) or three (R, G, B) a pixel, handed out as BGR. */
    private static final class SampleRows extends DecodedRows {
        private final int channels;
        private final byte[] samples;

        SampleRows(int width, int height, int channels, byte[] samples) {
            super(width, height);
            this.channels = channels;
            this.samples = samples;
        }

        @Override
        public void bgrRow(int y, byte[] dst, int offset) {
            final byte[] src = samples;
            int s = y * width * channels;
            int d = offset;
            final int end = offset + 3 * width;
            if (channels == 3) {
                for (; d < end; d += 3, s += 3) {
                    dst[d] = src[s + 2];
                    dst[d + 1] = src[s + 1];
                    dst[d + 2] = src[s];
                }
            } else {
                for (; d < end; d += 3, s++) {
                    byte v = src[s];
                    dst[d] = v;
                    dst[d + 1] = v;
                    dst[d + 2] = v;
                }
            }
        }
    }
}
