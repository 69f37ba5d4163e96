package org.convpool.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet output file on the local disk, written through java.nio rather than Hadoop's local file system.
 *
 * <p>Hadoop's {@code LocalFileSystem} checksums every 512 bytes into a {@code .crc} file beside the data and copies
 * the bytes through two more buffers on the way; for the {@code features/} files, 4 bytes per input pixel, that cost
 * as much as decoding the images. Parquet pages carry no need for it, and readers of a file without a {@code .crc}
 * simply skip the check. (Parquet's own {@code LocalOutputFile} is missing from the Parquet that Spark 3.5 ships.)
 *
 * <p>The stream buffers in native memory, which the file channel writes from directly, and it is a {@link FloatSink}:
 * the pooled maps go from their float array into that buffer in one copy. A {@code byte[]} of them in between, as
 * Parquet's streams would make, had to be allocated, zeroed and copied again into the JDK's own native buffer on the
 * way to the disk: a third of the time spent writing {@code features/} in the job benchmark.
 */
final class LocalParquetFile implements OutputFile {
    /** Bytes of the stream's buffer: 256 KB, made once per file. */
    static final int BUFFER = 1 << 18;

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
        StandardOpenOption[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = StandardOpenOption.WRITE;
        return new Stream(FileChannel.open(path, all));
    }

    /** The file's stream: a native buffer in front of its channel. */
    static final class Stream extends PositionOutputStream implements FloatSink {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        private long position;

        Stream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) {
                drain();
            }
            buffer.put((byte) b);
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            position += len;
            while (len > 0) {
                if (!buffer.hasRemaining()) {
                    drain();
                }
                int n = Math.min(len, buffer.remaining());
                buffer.put(b, off, n);
                off += n;
                len -= n;
            }
        }

        @Override
        public void writeFloats(float[] values, int from, int count) throws IOException {
            Objects.checkFromIndexSize(from, count, values.length);
            position += 4L * count;
            while (count > 0) {
                if (buffer.remaining() < 4) {
                    // no room for a whole float: out with what the buffer holds
                    drain();
                }
                int n = Math.min(count, buffer.remaining() / 4);
                buffer.asFloatBuffer().put(values, from, n); // a view from the buffer's position, in its byte order
                buffer.position(buffer.position() + 4 * n);
                from += n;
                count -= n;
            }
        }

        private void drain() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        @Override
        public void flush() throws IOException {
            drain();
        }

        @Override
        public void close() throws IOException {
            if (!channel.isOpen()) {
                return;
            }
            try (FileChannel c = channel) {
                drain();
            }
        }
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
