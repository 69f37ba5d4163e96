package org.convpool.job;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.convpool.engine.Features;

/**
 * Writes one task's {@code features/} rows straight to a Parquet file, as the task processes its images.
 *
 * <p>Why not Spark's writer: a row's pooled maps are 4 bytes per input pixel, and on their way to Spark's Parquet
 * writer they were serialised to the persisted outcomes, read back, and copied into an {@code UnsafeRow} whose buffer
 * grows by doubling: for a 100-megapixel image that is 400 MB held three to four times over, more than a 2 GB
 * executor has. Here the pooled floats go from the engine's array into the Parquet column and are dropped, and the
 * outcomes that Spark keeps carry only the small statistics.
 *
 * <p>The file has exactly the schema Spark writes for {@link Rows#FEATURES} (three-level list, Spark's schema in the
 * footer), so Spark, DuckDB and pandas read the directory as if Spark had written it. It is written under
 * {@code _temporary/} and renamed to {@code part-<partition>.snappy.parquet} when the task's last image is done: a
 * retried task replaces its own file, never adds a second.
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
            + "    repeated group list {\n"
            + "      required float element;\n"
            + "    }\n"
            + "  }\n"
            + "}");
    static final String TEMPORARY = "_temporary";

    private final FileSystem fs;
    private final Path temporary;
    private final Path target;
    private final ParquetWriter<Row> writer;
    private boolean closed;

    /**
     * Opens the file of one task attempt.
     *
     * @param folder    the {@code features/} directory
     * @param partition the task's partition, which names the final file
     * @param attempt   the task's attempt number, which keeps concurrent attempts apart
     */
    FeatureFileWriter(Path folder, int partition, int attempt, Configuration conf) throws IOException {
        String name = String.format("part-%05d.snappy.parquet", partition);
        this.fs = folder.getFileSystem(conf);
        this.target = new Path(folder, name);
        this.temporary = new Path(new Path(folder, TEMPORARY), name + ".attempt-" + attempt);
        OutputFile file = HadoopOutputFile.fromPath(temporary, conf);
        this.writer = new Builder(file)
                .withConf(conf)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                // pooled values are almost all distinct: a dictionary would only cost time before it is dropped
                .withDictionaryEncoding("pooled.list.element", false)
                .build();
    }

    /** Adds one image's row. */
    void write(String path, Features features) throws IOException {
        writer.write(new Row(path, features));
    }

    /** Finishes the file and moves it to its final name. */
    void commit() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
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
            writer.close();
        } finally {
            fs.delete(temporary, false);
        }
    }

    private record Row(String path, Features features) {
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return new RowWriteSupport();
        }
    }

    /** Writes a row field by field, in the schema's order. */
    private static final class RowWriteSupport extends WriteSupport<Row> {
        private RecordConsumer out;

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(SCHEMA, Map.of(SPARK_SCHEMA_KEY, Rows.FEATURES.json()));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(Row row) {
            Features f = row.features();
            out.startMessage();
            out.startField("path", 0);
            out.addBinary(Binary.fromString(row.path()));
            out.endField("path", 0);
            intField("height", 1, f.height());
            intField("width", 2, f.width());
            intField("channels", 3, f.channels());
            intField("pooled_height", 4, f.pooledHeight());
            intField("pooled_width", 5, f.pooledWidth());
            out.startField("pooled", 6);
            out.startGroup();
            float[] values = f.pooled();
            if (values.length > 0) {
                out.startField("list", 0);
                for (float v : values) {
                    out.startGroup();
                    out.startField("element", 0);
                    out.addFloat(v);
                    out.endField("element", 0);
                    out.endGroup();
                }
                out.endField("list", 0);
            }
            out.endGroup();
            out.endField("pooled", 6);
            out.endMessage();
        }

        private void intField(String name, int index, int value) {
            out.startField(name, index);
            out.addInteger(value);
            out.endField(name, index);
        }
    }
}
