package org.convpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.convpool.testing.Golden;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images read from HDFS and every output written to HDFS (a MiniDFSCluster: a name node and a
 * data node on 127.0.0.1): tables, pictures and run.json, identical to a local run's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsIT {
    @TempDir
    static Path tmp;

    private MiniDFSCluster hdfs;
    private FileSystem fs;
    private SparkSession spark;

    @BeforeAll
    void start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        fs = hdfs.getFileSystem();
        spark = SparkSession.builder().master("local[2]").appName("HdfsIT").config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    @AfterAll
    void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void readsFromAndWritesToHdfs() throws Exception {
        String root = fs.getUri().toString();
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(Golden.imagesDir().toUri()),
                new org.apache.hadoop.fs.Path(root + "/data/in"));
        String input = root + "/data/in";
        String output = root + "/data/out";
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Main.OK, Main.run(spark, new String[] {"--input", input, "--output", output}, quiet,
                new PrintStream(err, true, StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8));

        int files = Golden.imagePaths().size();
        try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(output + "/run.json"))) {
            JsonNode run = new ObjectMapper().readTree(in);
            assertEquals(files, run.get("counts").get("files_seen").asInt());
        }
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(output + "/png/variants/orient6.jpg/layers.png")));

        // The same run on local disk gives the same tables and the same pictures.
        Path copy = tmp.resolve("out-copy");
        fs.copyToLocalFile(new org.apache.hadoop.fs.Path(output), new org.apache.hadoop.fs.Path(copy.toUri()));
        Path localOut = tmp.resolve("local-out");
        assertEquals(Main.OK, Main.run(spark, new String[] {"--input", Golden.imagesDir().toString(), "--output",
            localOut.toString()}, quiet, quiet));
        OutputSnapshot local = OutputSnapshot.of(spark, localOut, Golden.imagesDir());
        OutputSnapshot.of(spark, copy, input).assertSameAs(local);
        assertEquals(files, local.rows("features") + local.rows("errors"));
    }
}
