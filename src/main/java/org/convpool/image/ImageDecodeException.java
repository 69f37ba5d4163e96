package org.convpool.image;

import java.util.Objects;

/** A file that cannot become an image, with the contract's reason and a sentence a person can act on. */
public final class ImageDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FailureReason reason;

    /**
     * @param reason  the category reported in {@code errors/}
     * @param message what is wrong and what to do about it, one sentence
     */
    public ImageDecodeException(FailureReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    ImageDecodeException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The category reported in {@code errors/}. */
    public FailureReason reason() {
        return reason;
    }
}
