package org.convpool.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.convpool.engine.Features;
import org.convpool.engine.MapStats;
import org.convpool.engine.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page-level Parquet writer read back by Parquet's own reader: every value, and files with no rows. */
class FeatureFileWriterTest {
    @TempDir
    Path dir;

    @Test
    void rowsReadBackExactly() throws Exception {
        Configuration conf = new Configuration();
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.toUri());
        Random random = new Random(12);
        List<Features> written = new ArrayList<>();
        try (FeatureFileWriter writer = new FeatureFileWriter(folder, 7, 3, 0, conf)) {
            // the last two are longer than the local file's buffer (LocalParquetFile.BUFFER)
            for (int[] size : new int[][] {{1, 1, 1}, {2, 3, 5}, {4, 61, 47}, {3, 181, 121}, {1, 256, 513}}) {
                int n = size[0] * size[1] * size[2];
                // the third array is longer than its maps, as one kept from a larger image is: the rest is not written
                float[] pooled = new float[written.size() == 2 ? n + 11 : n];
                Arrays.fill(pooled, Float.NaN);
                for (int i = 0; i < n; i++) {
                    pooled[i] = i % 5 == 0 ? 0f : (float) random.nextGaussian();
                }
                pooled[n - 1] = n > 2 ? -0f : Float.MIN_VALUE;
                List<MapStats> stats = List.of(new MapStats(Stage.POOL, 0, size[1], size[2], 0, 1, 0.5, 0.1, 0));
                // the fourth has a channel that shares a map, as a repeated filter's does: written from it
                Features f = written.size() == 3
                        ? new Features(size[1] * 2, size[2] * 2, size[0] + 1, size[1], size[2], pooled,
                                new int[] {0, 1, 2, 1}, stats)
                        : new Features(size[1] * 2, size[2] * 2, size[0], size[1], size[2], pooled, stats);
                written.add(f);
                writer.write("file:/data/ä b/" + written.size() + ".jpg", f);
            }
            writer.commit();
        }
        File file = dir.resolve("part-00000007-00003.parquet").toFile();
        assertTrue(file.isFile(), "the committed file has its final name");
        assertFalse(dir.resolve(FeatureFileWriter.TEMPORARY).resolve("part-00000007-00003.parquet.attempt-0").toFile().exists());
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(file.toURI())).withConf(conf).build()) {
            for (int r = 0; r < written.size(); r++) {
                Features f = written.get(r);
                Group g = reader.read();
                assertEquals("file:/data/ä b/" + (r + 1) + ".jpg", g.getString("path", 0));
                assertEquals(f.height(), g.getInteger("height", 0));
                assertEquals(f.width(), g.getInteger("width", 0));
                assertEquals(f.channels(), g.getInteger("channels", 0));
                assertEquals(f.pooledHeight(), g.getInteger("pooled_height", 0));
                assertEquals(f.pooledWidth(), g.getInteger("pooled_width", 0));
                Group list = g.getGroup("pooled", 0);
                assertEquals(f.pooledLength(), list.getFieldRepetitionCount("array"));
                float[] maps = f.pooledMaps();
                for (int i = 0; i < f.pooledLength(); i++) {
                    assertEquals(Float.floatToIntBits(maps[i]), Float.floatToIntBits(list.getFloat("array", i)),
                            "row " + r + ", value " + i);
                }
            }
            assertNull(reader.read());
        }
        try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toURI()), conf))) {
            assertEquals(Rows.FEATURES.json(), footer.getFooter().getFileMetaData().getKeyValueMetaData()
                    .get("org.apache.spark.sql.parquet.row.metadata"));
        }
    }

    @Test
    void thePooledBytesAreLittleEndianFloatsWhateverTheStream() throws Exception {
        float[] values = {1.5f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.intBitsToFloat(0x7fc12345), 3e-5f, -7f};
        assertArrayEquals(littleEndianBytes(values, 0, values.length), FeatureFileWriter.littleEndian(
                new Features(2, 2, 1, 1, values.length, values, List.of())).toByteArray());
        assertEquals(12, FeatureFileWriter.littleEndian(new Features(2, 2, 1, 1, 3, values, List.of())).size());

        // maps longer than a chunk, in an array longer than them, the third channel sharing the first's map
        int h = 3;
        int w = FeatureFileWriter.PooledBytes.CHUNK_FLOATS / 2 + 5;
        float[] maps = new float[2 * h * w + 3];
        Random random = new Random(5);
        for (int i = 0; i < maps.length; i++) {
            maps[i] = (float) random.nextGaussian();
        }
        Features f = new Features(2 * h, 2 * w, 3, h, w, maps, new int[] {0, 1, 0}, List.of());
        byte[] expected = new byte[4 * 3 * h * w];
        ByteBuffer e = ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < 3; c++) {
            e.asFloatBuffer().put(maps, f.pooledOffset(c), h * w);
            e.position(e.position() + 4 * h * w);
        }
        BytesInput bytes = FeatureFileWriter.littleEndian(f);
        assertEquals(expected.length, bytes.size());
        assertArrayEquals(expected, bytes.toByteArray(), "through a plain stream, a chunk at a time");
        Path file = dir.resolve("pooled.bin");
        try (PositionOutputStream out = new LocalParquetFile(file).create(0)) {
            out.write(7); // the floats start at an odd byte, so some end at the buffer's end
            bytes.writeAllTo(out);
            assertEquals(1 + expected.length, out.getPos());
        }
        byte[] written = Files.readAllBytes(file);
        assertEquals(7, written[0]);
        assertArrayEquals(expected, Arrays.copyOfRange(written, 1, written.length), "through a local file's buffer");
    }

    @Test
    void aLocalFileTakesBytesAndFloatsAcrossItsBuffer() throws Exception {
        Random random = new Random(9);
        byte[] bytes = new byte[LocalParquetFile.BUFFER + 1001];
        random.nextBytes(bytes);
        float[] floats = new float[LocalParquetFile.BUFFER / 4 + 333];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = random.nextFloat() - 0.5f;
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Path file = dir.resolve("mixed.bin");
        try (PositionOutputStream out = new LocalParquetFile(file).create(0)) {
            FloatSink floatSink = (FloatSink) out;
            for (int round = 0; round < 3; round++) {
                out.write(bytes, 3, bytes.length - 5);
                expected.write(bytes, 3, bytes.length - 5);
                out.write(round);
                expected.write(round);
                floatSink.writeFloats(floats, round, floats.length - 2 * round);
                expected.write(littleEndianBytes(floats, round, floats.length - 2 * round));
                floatSink.writeFloats(floats, 0, 0);
                assertEquals(expected.size(), out.getPos());
            }
            out.flush();
            assertEquals(expected.size(), Files.size(file), "flushed to the file");
        }
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
    }

    private static byte[] littleEndianBytes(float[] values, int from, int count) {
        byte[] b = new byte[4 * count];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values, from, count);
        return b;
    }

    @Test
    void aTaskWithoutImagesCommitsAnEmptyFileAndAFailedOneLeavesNothing() throws Exception {
        Configuration conf = new Configuration();
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.toUri());
        try (FeatureFileWriter writer = new FeatureFileWriter(folder, 7, 0, 0, conf)) {
            writer.commit();
        }
        File empty = dir.resolve("part-00000007-00000.parquet").toFile();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(empty.toURI())).withConf(conf).build()) {
            assertNull(reader.read());
        }
        FeatureFileWriter failed = new FeatureFileWriter(folder, 7, 1, 2, conf);
        failed.close();
        assertFalse(dir.resolve("part-00000007-00001.parquet").toFile().exists());
        assertFalse(dir.resolve(FeatureFileWriter.TEMPORARY).resolve("part-00000007-00001.parquet.attempt-2").toFile().exists());
    }
}
