package org.convpool.job;

import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.fs.Path;

/** Where each output of a run goes under {@code --output}; the contract's layout in one place. */
final class OutputLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String FEATURES = "features";
    static final String STATS = "stats";
    static final String ERRORS = "errors";
    static final String SUMMARY = "summary";
    static final String PNG = "png";
    static final String RUN_JSON = "run.json";
    static final String REPORT = "report";

    /** Every entry a run writes directly under {@code --output}. */
    static final List<String> ENTRIES = List.of(FEATURES, STATS, ERRORS, SUMMARY, PNG, REPORT, RUN_JSON);
    /** The run's own bookkeeping (lock, committed batches), also present while a run is unfinished. */
    static final String STATE = "_convpool";

    private final String root;

    /** @param root the fully qualified output directory URI */
    OutputLayout(String root) {
        this.root = root;
    }

    String root() {
        return root;
    }

    Path path(String entry) {
        return new Path(new Path(root), entry);
    }

    String uri(String entry) {
        return path(entry).toString();
    }

    /** The folder of one image's pictures: {@code png/<path relative to --input>/}. */
    Path pngFolder(String relativePath) {
        return new Path(path(PNG), relativePath);
    }
}
