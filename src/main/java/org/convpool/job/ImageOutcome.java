package org.convpool.job;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.convpool.engine.Features;
import org.convpool.engine.MapStats;
import org.convpool.image.FailureReason;

/**
 * What became of one input file: its statistics, or the reason it could not be used. The pooled maps are not kept:
 * the task wrote them to {@code features/} already ({@link FeatureFileWriter}), and what Spark keeps stays small.
 */
final class ImageOutcome implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final List<MapStats> stats;
    private final FailureReason reason;
    private final String message;

    private ImageOutcome(String path, List<MapStats> stats, FailureReason reason, String message) {
        this.path = path;
        this.stats = stats;
        this.reason = reason;
        this.message = message;
    }

    static ImageOutcome processed(String path, Features features) {
        return new ImageOutcome(path, List.copyOf(features.stats()), null, null);
    }

    static ImageOutcome failed(String path, FailureReason reason, String message) {
        return new ImageOutcome(path, null, reason, message);
    }

    boolean ok() {
        return stats != null;
    }

    String path() {
        return path;
    }

    FailureReason reason() {
        return reason;
    }

    String message() {
        return message;
    }

    /** The rows of {@code stats/}: none for a file that failed. */
    Iterator<Row> statRows() {
        if (stats == null) {
            return Collections.emptyIterator();
        }
        return stats.stream().map(s -> Rows.stat(path, s)).iterator();
    }

    /** The row of {@code errors/}; only for a file that failed. */
    Row errorRow() {
        return Rows.error(path, reason, message);
    }
}
