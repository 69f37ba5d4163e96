package org.convpool.image;

/**
 * Decodes one family of formats. A format joins the job by implementing this and taking its
 * case in {@link ImageDecoder}'s dispatch; EXIF orientation and grey conversion stay there.
 */
interface FormatDecoder {
    /**
     * Decodes {@code bytes}, checking the header against {@code limits} before any pixel.
     *
     * @throws ImageDecodeException {@code CORRUPT}, {@code TOO_LARGE} or {@code UNSUPPORTED_FORMAT};
     *     never returns a partly decoded image
     */
    DecodedRows decode(byte[] bytes, DecodeLimits limits) throws ImageDecodeException;
}
