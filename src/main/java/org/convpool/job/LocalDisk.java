package org.convpool.job;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where an output lies on the local disk, for the writers that bypass Hadoop's local file system there (it forks a
 * {@code chmod} per file it creates when its native library is missing, and checksums everything into {@code .crc}
 * files): {@link PictureWriter} and {@link FeatureFileWriter}.
 */
final class LocalDisk {
    private LocalDisk() {
    }

    /** {@code path} as a java.nio path when {@code fs} is Hadoop's local file system; null for any other. */
    static java.nio.file.Path of(FileSystem fs, Path path) {
        return fs instanceof LocalFileSystem local ? local.pathToFile(path).toPath() : null;
    }
}
