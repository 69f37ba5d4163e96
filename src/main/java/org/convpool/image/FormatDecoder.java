package org.convpool.image;

import org.convpool.engine.ImageArrays;

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

    /** As {@link #decode(byte[], DecodeLimits)}, holding the samples in {@code arrays} where the decoder can. */
    default DecodedRows decode(byte[] bytes, DecodeLimits limits, ImageArrays arrays) throws ImageDecodeException {
        return decode(bytes, limits);
    }
}
