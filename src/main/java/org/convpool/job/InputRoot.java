package org.convpool.job;

import java.io.Serializable;
import org.apache.hadoop.fs.Path;

/** The input directory, and each file's path relative to it (for the picture folders). */
final class InputRoot implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String rootPath;

    /** @param qualified the input directory, fully qualified (scheme and authority included) */
    InputRoot(Path qualified) {
        String p = qualified.toUri().getPath();
        this.rootPath = p.endsWith("/") ? p : p + "/";
    }

    /**
     * The part of {@code fileUri} (a path as Spark's binaryFile source reports it) below the input
     * directory, with {@code /} separators; the file name alone if it is not below it.
     */
    String relativize(String fileUri) {
        String p = new Path(fileUri).toUri().getPath();
        if (p.startsWith(rootPath)) {
            return p.substring(rootPath.length());
        }
        return new Path(fileUri).getName();
    }
}
