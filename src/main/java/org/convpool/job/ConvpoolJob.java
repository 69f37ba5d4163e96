package org.convpool.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.convpool.engine.Engine;
import org.convpool.engine.FilterBank;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run on the driver: list the inputs, process them in the executors, write the tables,
 * the summary and {@code run.json}. No image data comes to the driver: it sees paths, counts
 * and the small summary only.
 */
public final class ConvpoolJob {
    private static final Logger LOG = LoggerFactory.getLogger(ConvpoolJob.class);

    private final SparkSession spark;
    private final JobOptions options;
    private final List<String> arguments;

    /**
     * @param spark the session to run in
     * @param options checked options
     * @param arguments the command line as given, recorded in {@code run.json}
     */
    public ConvpoolJob(SparkSession spark, JobOptions options, List<String> arguments) {
        this.spark = spark;
        this.options = options;
        this.arguments = List.copyOf(arguments);
    }

    /**
     * Checks the options against the file systems (input, bank, output) without running anything.
     *
     * @throws UsageException the one line to show the user
     */
    Preflight.Checked check() throws UsageException {
        return Preflight.check(options, spark.sparkContext().hadoopConfiguration());
    }

    /** Runs the job. */
    public RunSummary run() throws UsageException {
        return run(check());
    }

    RunSummary run(Preflight.Checked checked) {
        Instant started = Instant.now();
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        OutputLayout layout = checked.layout();
        FilterBank bank = checked.bank();
        if (options.mode() == OutputMode.OVERWRITE) {
            deleteEntries(layout, checked.existing(), hadoopConf);
        }

        List<ImageProcessor.InputFile> files = InputListing.list(checked.input(), hadoopConf);
        long filesSeen = files.size();
        List<List<ImageProcessor.InputFile>> tasks = InputListing.pack(files,
                spark.sessionState().conf().filesMaxPartitionBytes(), spark.sessionState().conf().filesOpenCostInBytes(),
                spark.sparkContext().defaultParallelism());
        files = null; // the driver keeps paths only as long as it must
        LOG.info("{} files under {}, in {} tasks", filesSeen, checked.input(), tasks.size());

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongAccumulator done = jsc.sc().longAccumulator("files done");
        LongAccumulator failed = jsc.sc().longAccumulator("files failed");
        Broadcast<HadoopConf> conf = jsc.broadcast(new HadoopConf(hadoopConf));
        ImageProcessor processor = new ImageProcessor(new Engine(bank, options.geometry()), options,
                new InputRoot(checked.input()), layout, conf, done, failed);

        // Each file is decoded once: the outcomes go to local disk (streamed, so a task holds one image at a
        // time), and the three tables are written from there.
        JavaRDD<ImageOutcome> outcomes = jsc.parallelize(tasks, Math.max(1, tasks.size()))
                .flatMap(List::iterator)
                .mapPartitions(processor::processAll)
                .persist(StorageLevel.DISK_ONLY());
        try (Progress progress = Progress.start(filesSeen, done, failed)) {
            writeTables(outcomes, layout, hadoopConf);
        } finally {
            outcomes.unpersist(false);
        }
        conf.destroy();

        Dataset<Row> stats = spark.read().parquet(layout.uri(OutputLayout.STATS));
        Summary.of(stats, bank).coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(layout.uri(OutputLayout.SUMMARY));

        long processed = spark.read().schema(Rows.FEATURES).parquet(layout.uri(OutputLayout.FEATURES)).count();
        Map<String, Long> errors = new TreeMap<>();
        for (Row r : spark.read().parquet(layout.uri(OutputLayout.ERRORS)).groupBy("reason").count().collectAsList()) {
            errors.put(r.getString(0), r.getLong(1));
        }
        RunSummary summary = new RunSummary(layout.root(), filesSeen, processed, errors, started, Instant.now());
        RunReport.write(layout, hadoopConf, summary, options, arguments, bank, Versions.all(spark.version()));
        return summary;
    }

    /** The tables of {@code stats/} and {@code errors/}; computing the outcomes writes {@code features/} on the way. */
    private void writeTables(JavaRDD<ImageOutcome> outcomes, OutputLayout layout, Configuration conf) {
        JavaRDD<ImageOutcome> ok = outcomes.filter(ImageOutcome::ok);
        spark.createDataset(ok.flatMap(ImageOutcome::statRows).rdd(), Encoders.row(Rows.STATS))
                .write().mode(SaveMode.ErrorIfExists).parquet(layout.uri(OutputLayout.STATS));
        spark.createDataset(outcomes.filter(o -> !o.ok()).map(ImageOutcome::errorRow).rdd(), Encoders.row(Rows.ERRORS))
                .coalesce(1)
                .write().mode(SaveMode.ErrorIfExists).parquet(layout.uri(OutputLayout.ERRORS));
        finishFeatures(layout, conf);
    }

    /** Marks {@code features/} complete as Spark marks its own tables, once every task committed its file. */
    private static void finishFeatures(OutputLayout layout, Configuration conf) {
        Path folder = layout.path(OutputLayout.FEATURES);
        try {
            FileSystem fs = folder.getFileSystem(conf);
            fs.delete(new Path(folder, FeatureFileWriter.TEMPORARY), true);
            fs.create(new Path(folder, "_SUCCESS"), true).close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not finish " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void deleteEntries(OutputLayout layout, List<String> entries, Configuration conf) {
        try {
            for (String entry : entries) {
                Path p = layout.path(entry);
                FileSystem fs = p.getFileSystem(conf);
                if (fs.exists(p) && !fs.delete(p, true)) {
                    throw new IOException("could not delete " + p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--mode overwrite could not remove the previous run: " + e.getMessage(), e);
        }
    }

    /** What a run came to: counts and where the outputs are. */
    public record RunSummary(String output, long filesSeen, long imagesProcessed, Map<String, Long> errorsByReason,
            Instant started, Instant ended) {
        public long errors() {
            return errorsByReason.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The counts for {@code run.json}. */
        Map<String, Object> counts() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("files_seen", filesSeen);
            c.put("images_processed", imagesProcessed);
            c.put("errors", errors());
            c.put("errors_by_reason", errorsByReason);
            return c;
        }
    }
}
