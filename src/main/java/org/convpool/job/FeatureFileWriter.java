package org.convpool.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.convpool.engine.Features;

/**
 * Writes one task's {@code features/} rows straight to a Parquet file, as the task processes its images.
 *
 * <p>Why not Spark's writer: a row's pooled maps are 4 bytes per input pixel, and on their way to Spark's Parquet
 * writer they were serialised to the persisted outcomes, read back, and copied into an {@code UnsafeRow} whose buffer
 * grows by doubling: for a 100-megapixel image that is 400 MB held three to four times over, more than a 2 GB
 * executor has. And Parquet's record API, which Spark's writer uses too, costs several calls and a byte-at-a-time
 * copy per value, which made writing the pooled maps slower than decoding and computing them. So each image is one
 * row group, written page by page with Parquet's file writer: the pooled floats go into their page as one
 * little-endian block, and the outcomes that Spark keeps carry only the small statistics.
 *
 * <p>The file has the schema Spark writes for {@link Rows#FEATURES} in its legacy Parquet format
 * ({@code spark.sql.parquet.writeLegacyFormat}: the list of non-null floats is a plain repeated column), Spark's
 * schema in the footer, and Snappy compression (except for the pooled maps, see {@link #POOLED_CODEC}), so Spark,
 * DuckDB and pandas read the directory as if Spark had written it. It is written under {@code _temporary/} and
 * renamed to {@code part-<batch>-<partition>.parquet} when the
 * task's last image is done: a retried task replaces its own file, never adds a second. On a local disk the file is
 * written and renamed through java.nio ({@link LocalParquetFile}), elsewhere through Hadoop's file system.
 */
final class FeatureFileWriter implements AutoCloseable {
    /** Spark's footer key for its own schema, which keeps the nullability of every column as written. */
    private static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message spark_schema {\n"
            + "  optional binary path (STRING);\n"
            + "  required int32 height;\n"
            + "  required int32 width;\n"
            + "  required int32 channels;\n"
            + "  required int32 pooled_height;\n"
            + "  required int32 pooled_width;\n"
            + "  optional group pooled (LIST) {\n"
            + "    repeated float array;\n"
            + "  }\n"
            + "}");
    private static final CompressionCodecName CODEC = CompressionCodecName.SNAPPY;
    /**
     * The pooled maps are stored uncompressed. Snappy shrinks them by about 40% (they are mostly distinct floats),
     * but it took a fifth of the tasks' time in the job benchmark, and it needs the page in one piece beside its
     * output, which doubled the memory of a 100-megapixel image's row.
     */
    private static final CompressionCodecName POOLED_CODEC = CompressionCodecName.UNCOMPRESSED;
    static final String TEMPORARY = "_temporary";
    /**
     * The most bytes of pooled maps one row may hold. They are one Parquet page, whose size is a 32-bit signed
     * integer, with its levels (a few bytes) in front; and a reader holds a row in one array. 1 MB is left for both.
     */
    static final long MAX_POOLED_BYTES = Integer.MAX_VALUE - (1 << 20);

    private final FileSystem fs;
    private final Path temporary;
    private final Path target;
    /** The files on the local disk, written through java.nio (see {@link LocalParquetFile}), or null. */
    private final java.nio.file.Path localTemporary;
    private final java.nio.file.Path localTarget;
    private final ParquetFileWriter file;
    private final CodecFactory codecs;
    private final CompressionCodecFactory.BytesInputCompressor compressor;
    private boolean closed;

    /**
     * Opens the file of one task attempt.
     *
     * @param folder    the {@code features/} directory
     * @param batch     the run's batch, which names the final file with the partition
     * @param partition the task's partition, which names the final file
     * @param attempt   the task's attempt number, which keeps concurrent attempts apart
     */
    FeatureFileWriter(Path folder, int batch, int partition, int attempt, Configuration conf) throws IOException {
        String name = String.format("part-%08d-%05d.parquet", batch, partition);
        this.fs = folder.getFileSystem(conf);
        this.target = new Path(folder, name);
        this.temporary = new Path(new Path(folder, TEMPORARY), name + ".attempt-" + attempt);
        this.localTemporary = LocalDisk.of(fs, temporary);
        this.localTarget = LocalDisk.of(fs, target);
        OutputFile output = localTemporary != null ? new LocalParquetFile(localTemporary)
                : HadoopOutputFile.fromPath(temporary, conf);
        // no page checksums: computing one needs the page in one piece, which an uncompressed page never is here
        this.file = new ParquetFileWriter(output, SCHEMA,
                ParquetFileWriter.Mode.OVERWRITE, ParquetWriter.DEFAULT_BLOCK_SIZE, ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
                ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
                ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH, false);
        this.codecs = new CodecFactory(conf, ParquetWriter.DEFAULT_PAGE_SIZE);
        this.compressor = codecs.getCompressor(CODEC);
        file.start();
    }

    /** Adds one image's row, as a row group of its own with one page per column. */
    void write(String path, Features f) throws IOException {
        file.startBlock(1);
        byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
        ByteBuffer value = ByteBuffer.allocate(4 + utf8.length).order(ByteOrder.LITTLE_ENDIAN);
        value.putInt(utf8.length).put(utf8);
        Statistics<?> pathStats = Statistics.createStats(column(0).getPrimitiveType());
        pathStats.updateStats(Binary.fromConstantByteArray(utf8));
        page(0, 1, BytesInput.concat(levels(rle(1, 1, 1)), BytesInput.from(value.array())), pathStats, CODEC);
        int[] ints = {f.height(), f.width(), f.channels(), f.pooledHeight(), f.pooledWidth()};
        for (int i = 0; i < ints.length; i++) {
            Statistics<?> stats = Statistics.createStats(column(i + 1).getPrimitiveType());
            stats.updateStats(ints[i]);
            page(i + 1, 1, BytesInput.from(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(ints[i])
                    .array()), stats, CODEC);
        }
        int n = f.pooledLength();
        // Statistics left empty: readers treat them as unknown, and the pooled floats are not scanned for a min and max
        // (createStats, not noopStats, which the Parquet of Spark 3.5 lacks).
        Statistics<?> none = Statistics.createStats(column(6).getPrimitiveType());
        if (n == 0) {
            // an empty list: one entry that reaches only the list's group
            page(6, 1, BytesInput.concat(levels(rle(1, 1, 0)), levels(rle(2, 1, 1))), none, POOLED_CODEC);
        } else {
            // repetition 0 starts the row's list, 1 continues it; every value is defined at the deepest level, 2
            ByteArrayOutputStream repetition = new ByteArrayOutputStream();
            repetition.writeBytes(rle(1, 1, 0));
            if (n > 1) {
                repetition.writeBytes(rle(1, n - 1, 1));
            }
            page(6, n, BytesInput.concat(levels(repetition.toByteArray()), levels(rle(2, n, 2)),
                    littleEndian(f)), none, POOLED_CODEC);
        }
        file.endBlock();
    }

    /**
     * The PLAIN bytes of the pooled maps, channel by channel, as little-endian floats, converted only as the page is
     * written: straight into the stream's buffer where it is a {@link FloatSink} (a local file), else through a small
     * buffer. A whole copy would double the pooled maps' memory (400 MB more for a 100-megapixel image with the seed
     * bank), and copies in pieces cost an allocation each. Channels that share a map are written from it.
     */
    static BytesInput littleEndian(Features f) {
        return BytesInput.from(new PooledBytes(f));
    }

    /**
     * The pooled maps as a {@link ByteArrayOutputStream} in name only, for {@link BytesInput#from(ByteArrayOutputStream)},
     * which sizes a stream's content with {@link #size} and writes it with {@link #writeTo}: both are overridden to
     * take the bytes from the float array as they are written. Nothing can be written to it.
     */
    static final class PooledBytes extends ByteArrayOutputStream {
        /** Floats converted at a time for a stream that is not a {@link FloatSink}. */
        static final int CHUNK_FLOATS = 1 << 14;

        private final Features features;
        private final int size;

        PooledBytes(Features f) {
            super(0);
            this.features = f;
            this.size = Math.toIntExact(4L * f.pooledLength());
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            float[] values = features.pooledArray();
            int length = features.pooledHeight() * features.pooledWidth();
            byte[] chunk = out instanceof FloatSink ? null : new byte[4 * Math.min(CHUNK_FLOATS, length)];
            for (int c = 0; c < features.channels(); c++) {
                int start = features.pooledOffset(c);
                if (chunk == null) {
                    ((FloatSink) out).writeFloats(values, start, length);
                    continue;
                }
                for (int from = 0; from < length; from += CHUNK_FLOATS) {
                    int count = Math.min(CHUNK_FLOATS, length - from);
                    ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values, start + from,
                            count);
                    out.write(chunk, 0, 4 * count);
                }
            }
        }

        @Override
        public byte[] toByteArray() {
            ByteArrayOutputStream all = new ByteArrayOutputStream(size);
            try {
                writeTo(all);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
            }
            return all.toByteArray();
        }

        @Override
        public void write(int b) {
            throw new UnsupportedOperationException("the pooled maps' bytes are read-only");
        }

        @Override
        public void write(byte[] b, int off, int len) {
            throw new UnsupportedOperationException("the pooled maps' bytes are read-only");
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("the pooled maps' bytes are read-only");
        }
    }

    private ColumnDescriptor column(int index) {
        return SCHEMA.getColumns().get(index);
    }

    /**
     * One column chunk of one page: levels and PLAIN values, compressed together, as a version 1 data page. Levels
     * a column cannot have are declared BIT_PACKED, as Parquet's own column writers declare them.
     */
    @SuppressWarnings("deprecation")
    private void page(int index, int valueCount, BytesInput uncompressed, Statistics<?> stats,
            CompressionCodecName codec) throws IOException {
        ColumnDescriptor column = column(index);
        file.startColumn(column, valueCount, codec);
        BytesInput compressed = codec == CompressionCodecName.UNCOMPRESSED ? uncompressed
                : compressor.compress(uncompressed);
        file.writeDataPage(valueCount, (int) uncompressed.size(), compressed, stats, 1,
                column.getMaxRepetitionLevel() > 0 ? Encoding.RLE : Encoding.BIT_PACKED,
                column.getMaxDefinitionLevel() > 0 ? Encoding.RLE : Encoding.BIT_PACKED, Encoding.PLAIN);
        file.endColumn();
    }

    /** Levels as a version 1 page stores them: a 4-byte little-endian length, then the RLE/bit-packed hybrid. */
    private static BytesInput levels(byte[] hybrid) {
        ByteBuffer b = ByteBuffer.allocate(4 + hybrid.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(hybrid.length).put(hybrid);
        return BytesInput.from(b.array());
    }

    /** One run of the RLE/bit-packed hybrid: {@code count} times {@code value}, which fits in {@code bitWidth} bits. */
    private static byte[] rle(int bitWidth, int count, int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long header = (long) count << 1; // low bit 0: a run-length run
        while ((header & ~0x7FL) != 0) {
            out.write((int) ((header & 0x7F) | 0x80));
            header >>>= 7;
        }
        out.write((int) header);
        for (int i = 0; i < (bitWidth + 7) / 8; i++) {
            out.write(value >>> (8 * i));
        }
        return out.toByteArray();
    }

    /** Finishes the file and moves it to its final name. */
    void commit() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            file.end(Map.of(SPARK_SCHEMA_KEY, Rows.FEATURES.json()));
        } finally {
            codecs.release();
        }
        if (localTarget != null) {
            Files.move(localTemporary, localTarget, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        if (fs.exists(target) && !fs.delete(target, false)) {
            throw new IOException("could not replace " + target + " left by an earlier attempt");
        }
        if (!fs.rename(temporary, target)) {
            throw new IOException("could not rename " + temporary + " to " + target);
        }
    }

    /** Abandons the file of a failed attempt; harmless after {@link #commit}. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            file.end(Map.of()); // the only way to close its stream; the file is deleted next
        } catch (IOException | RuntimeException e) {
            // a half-written file is deleted all the same
        } finally {
            codecs.release();
            if (localTemporary != null) {
                Files.deleteIfExists(localTemporary);
            } else {
                fs.delete(temporary, false);
            }
        }
    }
}
