package org.convpool.image;

/**
 * What libjpeg learns from a JPEG's markers before decoding, and the JDK's reader does not say: the
 * number of components in the frame header, and whether an Adobe APP14 marker declares YCCK.
 *
 * @param components number of components of the first frame header, 0 if none was found
 * @param ycck       whether libjpeg will treat a four-component image as YCCK rather than CMYK
 */
record JpegMarkers(int components, boolean ycck) {
    private static final int SOS = 0xDA;
    private static final int APP14 = 0xEE;

    /**
     * Walks the marker segments from SOI to the first scan. Never fails: a damaged structure ends the
     * walk with what was found, and the decoder then reports the damage itself.
     *
     * @param bytes a whole JPEG file
     */
    static JpegMarkers scan(byte[] bytes) {
        int components = 0;
        boolean adobe = false;
        int transform = 0;
        int pos = 2;
        while (pos + 4 <= bytes.length) {
            if ((bytes[pos] & 0xFF) != 0xFF) {
                break;
            }
            int marker = bytes[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;          // fill byte
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2;       // no length field
                continue;
            }
            if (marker == SOS) {
                break;
            }
            int length = ((bytes[pos + 2] & 0xFF) << 8) | (bytes[pos + 3] & 0xFF);
            int data = pos + 4;
            if (isStartOfFrame(marker) && components == 0 && data + 5 < bytes.length) {
                components = bytes[data + 5] & 0xFF;
            } else if (marker == APP14 && length >= 14 && data + 12 <= bytes.length
                    && bytes[data] == 'A' && bytes[data + 1] == 'd' && bytes[data + 2] == 'o' && bytes[data + 3] == 'b'
                    && bytes[data + 4] == 'e') {
                adobe = true;
                transform = bytes[data + 11] & 0xFF;
            }
            pos += 2 + length;
        }
        // libjpeg (jdapimin.c): four components are YCCK when an Adobe marker gives any transform but 0.
        return new JpegMarkers(components, components == 4 && adobe && transform != 0);
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }
}
