package org.convpool.job;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.sql.Row;
import org.convpool.engine.Features;
import org.convpool.image.FailureReason;

/** What became of one input file: its features, or the reason it could not be used. */
final class ImageOutcome implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final Features features;
    private final FailureReason reason;
    private final String message;

    private ImageOutcome(String path, Features features, FailureReason reason, String message) {
        this.path = path;
        this.features = features;
        this.reason = reason;
        this.message = message;
    }

    static ImageOutcome processed(String path, Features features) {
        return new ImageOutcome(path, features, null, null);
    }

    static ImageOutcome failed(String path, FailureReason reason, String message) {
        return new ImageOutcome(path, null, reason, message);
    }

    boolean ok() {
        return features != null;
    }

    String path() {
        return path;
    }

    Features features() {
        return features;
    }

    FailureReason reason() {
        return reason;
    }

    String message() {
        return message;
    }

    /** The row of {@code features/}; only for a processed image. */
    Row featureRow() {
        return Rows.feature(path, features);
    }

    /** The rows of {@code stats/}: none for a file that failed. */
    Iterator<Row> statRows() {
        if (features == null) {
            return Collections.emptyIterator();
        }
        return features.stats().stream().map(s -> Rows.stat(path, s)).iterator();
    }

    /** The row of {@code errors/}; only for a file that failed. */
    Row errorRow() {
        return Rows.error(path, reason, message);
    }
}
