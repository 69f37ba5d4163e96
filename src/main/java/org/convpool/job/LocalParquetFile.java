package org.convpool.job;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet output file on the local disk, written through java.nio rather than Hadoop's local file system.
 *
 * <p>Hadoop's {@code LocalFileSystem} checksums every 512 bytes into a {@code .crc} file beside the data and copies
 * the bytes through two more buffers on the way; for the {@code features/} files, 4 bytes per input pixel, that cost
 * as much as decoding the images. Parquet pages carry no need for it, and readers of a file without a {@code .crc}
 * simply skip the check. (Parquet's own {@code LocalOutputFile} is missing from the Parquet that Spark 3.5 ships.)
 */
final class LocalParquetFile implements OutputFile {
    private static final int BUFFER = 1 << 16;

    private final Path path;

    LocalParquetFile(Path path) {
        this.path = path;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        return open(StandardOpenOption.CREATE_NEW);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private PositionOutputStream open(StandardOpenOption... options) throws IOException {
        Files.createDirectories(path.getParent());
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(path, options), BUFFER);
        return new PositionOutputStream() {
            private long position;

            @Override
            public long getPos() {
                return position;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                position++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                position += len;
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return path.toString();
    }
}
