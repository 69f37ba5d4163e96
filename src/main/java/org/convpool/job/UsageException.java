package org.convpool.job;

/**
 * A mistake on the command line or in what it points at (a missing input, a bad bank, an
 * existing output). Its message is the one line the user sees, saying what is wrong and how to
 * fix it; it is raised before Spark does any work.
 */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
