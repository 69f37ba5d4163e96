package org.convpool.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
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
            // the last two span pieces of the pooled page (FeatureFileWriter.PIECE_FLOATS)
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
    void thePooledBytesAreLittleEndianFloatsHoweverTheyAreRead() throws Exception {
        float[] values = {1.5f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.intBitsToFloat(0x7fc12345), 3e-5f, -7f};
        byte[] expected = new byte[4 * values.length];
        java.nio.ByteBuffer.wrap(expected).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        assertArrayEquals(expected, FeatureFileWriter.littleEndian(new Features(2, 2, 1, 1, values.length, values,
                List.of())).toByteArray());
        assertEquals(12, FeatureFileWriter.littleEndian(new Features(2, 2, 1, 1, 3, values, List.of())).size());
        for (int step : new int[] {1, 3, 4, 5, 8, 64}) {
            FeatureFileWriter.FloatBytes in = new FeatureFileWriter.FloatBytes(values, 1, values.length - 1);
            java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[step + 2];
            for (int r; (r = step == 1 ? oneByte(in, buffer) : in.read(buffer, 1, step)) > 0; ) {
                read.write(buffer, 1, r);
            }
            assertArrayEquals(java.util.Arrays.copyOfRange(expected, 4, expected.length), read.toByteArray(),
                    "reads of " + step);
        }
    }

    private static int oneByte(java.io.InputStream in, byte[] buffer) throws java.io.IOException {
        int b = in.read();
        buffer[1] = (byte) b;
        return b < 0 ? -1 : 1;
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
