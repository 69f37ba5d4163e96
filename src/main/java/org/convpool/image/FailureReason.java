package org.convpool.image;

/** Why an input file produced no features; {@link #label()} is the value of the {@code reason} column in {@code errors/}. */
public enum FailureReason {
    /** Empty, not an image, or a format this job does not decode. */
    UNSUPPORTED_FORMAT("unsupported_format"),
    /** Truncated or damaged image data. */
    CORRUPT("corrupt"),
    /** Decodes, but the pooled map would be empty. */
    TOO_SMALL("too_small"),
    /** Over the pixel limit, seen in the header before any pixel is decoded. */
    TOO_LARGE("too_large"),
    /** The bytes could not be read (an I/O error outside the decoder). */
    READ_ERROR("read_error");

    private final String label;

    FailureReason(String label) {
        this.label = label;
    }

    /** The contract's lower-case name, for example {@code "unsupported_format"}. */
    public String label() {
        return label;
    }
}
