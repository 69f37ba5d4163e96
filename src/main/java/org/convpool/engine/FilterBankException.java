package org.convpool.engine;

/** A filter bank that cannot be used; the message names its source and the fault, and says how to fix it. */
public final class FilterBankException extends Exception {
    private static final long serialVersionUID = 1L;

    public FilterBankException(String message) {
        super(message);
    }

    public FilterBankException(String message, Throwable cause) {
        super(message, cause);
    }
}
