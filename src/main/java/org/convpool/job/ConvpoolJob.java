package org.convpool.job;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
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
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.convpool.engine.Engine;
import org.convpool.engine.FilterBank;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run on the driver: list the inputs, process them in the executors batch by batch, write
 * the tables, the summary and {@code run.json}. No image data comes to the driver: it sees
 * paths, counts and the small summary only.
 */
public final class ConvpoolJob {
    private static final Logger LOG = LoggerFactory.getLogger(ConvpoolJob.class);
    private static final Map<String, StructType> SCHEMAS = Map.of(OutputLayout.FEATURES, Rows.FEATURES,
            OutputLayout.STATS, Rows.STATS, OutputLayout.ERRORS, Rows.ERRORS);

    private final SparkSession spark;
    private final JobOptions options;
    private final List<String> arguments;
    private final JobSettings settings;
    private OutputLayout layout;

    /**
     * @param spark the session to run in
     * @param options checked options
     * @param arguments the command line as given, recorded in {@code run.json}
     */
    public ConvpoolJob(SparkSession spark, JobOptions options, List<String> arguments) {
        this.spark = spark;
        this.options = options;
        this.arguments = List.copyOf(arguments);
        this.settings = JobSettings.from(spark.sparkContext().getConf());
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

    RunSummary run(Preflight.Checked checked) throws UsageException {
        Instant started = Instant.now();
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        layout = checked.layout();
        try {
            FileSystem fs = layout.path(OutputLayout.STATE).getFileSystem(hadoopConf);
            fs.mkdirs(layout.path(OutputLayout.STATE));
            try (RunLock lock = RunLock.acquire(fs, new Path(layout.path(OutputLayout.STATE), "lock"),
                    settings.lockStaleMillis())) {
                return runLocked(checked, fs, started);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private RunSummary runLocked(Preflight.Checked checked, FileSystem fs, Instant started) throws IOException {
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        FilterBank bank = checked.bank();
        RunLedger ledger = new RunLedger(fs, layout);
        InputRoot inputRoot = new InputRoot(checked.input());

        List<ImageProcessor.InputFile> files = InputListing.list(checked.input(), hadoopConf);
        long filesSeen = files.size();
        List<ImageProcessor.InputFile> todo = files;
        if (options.mode() == OutputMode.RESUME) {
            todo = resume(ledger, files, fs, inputRoot);
        } else {
            // --mode error got here only if the output holds no run; --mode overwrite replaces it.
            for (String entry : OutputLayout.ENTRIES) {
                fs.delete(layout.path(entry), true);
            }
            ledger.clear();
        }
        fs.delete(layout.path(OutputLayout.SUMMARY), true);
        fs.delete(layout.path(OutputLayout.RUN_JSON), false);
        files = null; // the driver keeps paths only as long as it must

        List<List<ImageProcessor.InputFile>> tasks = InputListing.pack(todo, settings.maxPartitionBytes(spark),
                settings.openCostBytes(spark), spark.sparkContext().defaultParallelism());
        int tasksPerBatch = settings.tasksPerBatch(spark.sparkContext().defaultParallelism());
        LOG.info("engine (in this JVM): {}", Engine.implementation());
        LOG.info("{} files under {}; {} to process in {} tasks", filesSeen, checked.input(), todo.size(),
                tasks.size());

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongAccumulator done = jsc.sc().longAccumulator("files done");
        LongAccumulator failed = jsc.sc().longAccumulator("files failed");
        Broadcast<HadoopConf> conf = jsc.broadcast(new HadoopConf(hadoopConf));
        ImageProcessor processor = new ImageProcessor(new Engine(bank, options.geometry()), options, inputRoot,
                layout, conf, done, failed, settings.failFirstAttempts(), false, 0);
        try (Progress progress = Progress.start(todo.size(), done, failed)) {
            for (int from = 0, batch = 1; from < tasks.size(); from += tasksPerBatch, batch++) {
                processBatch(jsc, processor, batch == settings.hangInBatch(), ledger,
                        tasks.subList(from, Math.min(tasks.size(), from + tasksPerBatch)));
            }
            if (tasks.isEmpty() && !fs.exists(tableDir(OutputLayout.FEATURES))) {
                processBatch(jsc, processor, false, ledger, List.of()); // empty tables, readable like any other
            }
        }

        Dataset<Row> stats = table(OutputLayout.STATS);
        RunSummary summary;
        Map<String, String> versions = Versions.all(spark.version());
        try (ConcurrentQueries queries = new ConcurrentQueries("summary", 2)) {
            // the summary table is written while the counts and the report are gathered
            Future<Void> summaryTable = queries.submit(() -> {
                Summary.of(stats, bank).write().mode(SaveMode.ErrorIfExists)
                        .parquet(layout.uri(OutputLayout.SUMMARY));
                return null;
            });
            Future<Long> processedCount = queries.submit(() -> table(OutputLayout.FEATURES).count());
            Map<String, Long> errors = new TreeMap<>();
            for (Row r : table(OutputLayout.ERRORS).groupBy("reason").count().collectAsList()) {
                errors.put(r.getString(0), r.getLong(1));
            }
            summary = new RunSummary(layout.root(), filesSeen, todo.size(), ConcurrentQueries.result(processedCount),
                    errors, started, Instant.now());
            if (summary.imagesProcessed() + summary.errors() != filesSeen) {
                LOG.warn("{} files were listed but the tables account for {}: {}", filesSeen,
                        summary.imagesProcessed() + summary.errors(), "rerun with --mode resume to complete them");
            }
            if (options.report()) {
                try {
                    new ReportBuilder(spark, bank, options).write(layout, summary, versions, conf);
                } catch (IOException | RuntimeException e) {
                    // The tables are committed: a page that cannot be drawn must not cost the run.
                    LOG.warn("could not write the report: {}", e.toString());
                }
            }
            ConcurrentQueries.result(summaryTable);
        }
        conf.destroy();
        RunReport.write(layout, spark.sparkContext().hadoopConfiguration(), summary, options, arguments, bank,
                versions);
        return summary;
    }

    /**
     * Prepares a resumed run: cleans up what a killed run left, drops the rows of inputs that
     * changed or disappeared since they were committed, and returns the inputs still to process.
     */
    private List<ImageProcessor.InputFile> resume(RunLedger ledger, List<ImageProcessor.InputFile> files,
            FileSystem fs, InputRoot inputRoot) throws IOException {
        Map<String, ImageProcessor.InputFile> listed = new HashMap<>();
        for (ImageProcessor.InputFile f : files) {
            listed.put(f.path(), f);
        }
        for (ImageProcessor.InputFile f : ledger.recover()) {
            if (!listed.containsKey(f.path())) {
                fs.delete(layout.pngFolder(inputRoot.relativize(f.path())), true);
            }
        }
        Set<String> done = new HashSet<>();
        for (RunLedger.Batch batch : ledger.committed()) {
            Set<String> stale = new HashSet<>();
            for (ImageProcessor.InputFile f : batch.inputs()) {
                if (f.equals(listed.get(f.path()))) {
                    done.add(f.path());
                } else {
                    stale.add(f.path());
                }
            }
            if (!stale.isEmpty()) {
                LOG.info("{} inputs changed or disappeared since batch {}: their rows are removed", stale.size(),
                        batch.id());
                rewriteWithout(ledger, batch, stale);
                for (String path : stale) {
                    fs.delete(layout.pngFolder(inputRoot.relativize(path)), true);
                }
            }
        }
        List<ImageProcessor.InputFile> todo = new ArrayList<>();
        for (ImageProcessor.InputFile f : files) {
            if (!done.contains(f.path())) {
                todo.add(f);
            }
        }
        LOG.info("resuming: {} of {} inputs already done", done.size(), files.size());
        return todo;
    }

    /** Replaces a committed batch by one without the rows of {@code stale} inputs. */
    private void rewriteWithout(RunLedger ledger, RunLedger.Batch batch, Set<String> stale) throws IOException {
        Map<String, Set<String>> before = ledger.tableFiles();
        for (Map.Entry<String, List<String>> e : batch.files().entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            String table = e.getKey();
            String[] paths = e.getValue().stream().map(n -> new Path(tableDir(table), n).toString()).toArray(String[]::new);
            spark.read().schema(SCHEMAS.get(table)).parquet(paths)
                    .filter(functions.not(col("path").isin(stale.toArray())))
                    .coalesce(1)
                    .write().mode(SaveMode.Append).parquet(tableDir(table).toString());
        }
        List<ImageProcessor.InputFile> kept = batch.inputs().stream().filter(f -> !stale.contains(f.path())).toList();
        ledger.commit(new RunLedger.Batch(ledger.nextId(), kept, newFiles(before, ledger.tableFiles()), batch.id()));
    }

    private Path tableDir(String table) {
        return layout.path(table);
    }

    private void processBatch(JavaSparkContext jsc, ImageProcessor processor, boolean hang, RunLedger ledger,
            List<List<ImageProcessor.InputFile>> tasks) throws IOException {
        List<ImageProcessor.InputFile> inputs = new ArrayList<>();
        tasks.forEach(inputs::addAll);
        int id = ledger.nextId();
        ImageProcessor batchProcessor = processor.forBatch(id, hang);
        ledger.pending(id, inputs);
        Map<String, Set<String>> before = ledger.tableFiles();
        // Each file is decoded once: the outcomes go to local disk (streamed, so a task holds one image at a
        // time), and the three tables are written from there.
        JavaRDD<ImageOutcome> outcomes = jsc.parallelize(tasks, Math.max(1, tasks.size()))
                .flatMap(List::iterator)
                .mapPartitions(batchProcessor::processAll)
                .persist(StorageLevel.DISK_ONLY());
        try {
            // Computing the outcomes writes each task's features/ file on the way (FeatureFileWriter); Spark keeps
            // only the small statistics, from which stats/ and errors/ are written.
            JavaRDD<ImageOutcome> ok = outcomes.filter(ImageOutcome::ok);
            append(spark.createDataset(ok.flatMap(ImageOutcome::statRows).rdd(), Encoders.row(Rows.STATS)),
                    OutputLayout.STATS);
            append(spark.createDataset(outcomes.filter(o -> !o.ok()).map(ImageOutcome::errorRow).rdd(),
                    Encoders.row(Rows.ERRORS)).coalesce(1), OutputLayout.ERRORS);
        } finally {
            outcomes.unpersist(false);
        }
        finishFeatures();
        ledger.commit(new RunLedger.Batch(id, inputs, newFiles(before, ledger.tableFiles()), null));
    }

    private void append(Dataset<Row> rows, String table) {
        rows.write().mode(SaveMode.Append).parquet(tableDir(table).toString());
    }

    /** Marks {@code features/} complete as Spark marks its own tables, once every task committed its file. */
    private void finishFeatures() throws IOException {
        Path folder = tableDir(OutputLayout.FEATURES);
        FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.delete(new Path(folder, FeatureFileWriter.TEMPORARY), true);
        fs.create(new Path(folder, "_SUCCESS"), true).close();
    }

    private static Map<String, List<String>> newFiles(Map<String, Set<String>> before, Map<String, Set<String>> after) {
        Map<String, List<String>> added = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : after.entrySet()) {
            List<String> names = new ArrayList<>(e.getValue());
            names.removeAll(before.getOrDefault(e.getKey(), Set.of()));
            names.sort(null);
            added.put(e.getKey(), names);
        }
        return added;
    }

    private Dataset<Row> table(String name) {
        return spark.read().schema(SCHEMAS.get(name)).parquet(layout.uri(name));
    }

    /** What a run came to: counts and where the outputs are. */
    public record RunSummary(String output, long filesSeen, long filesProcessedNow, long imagesProcessed,
            Map<String, Long> errorsByReason, Instant started, Instant ended) {
        public long errors() {
            return errorsByReason.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The counts for {@code run.json}. */
        Map<String, Object> counts() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("files_seen", filesSeen);
            c.put("files_processed_by_this_run", filesProcessedNow);
            c.put("images_processed", imagesProcessed);
            c.put("errors", errors());
            c.put("errors_by_reason", errorsByReason);
            return c;
        }
    }
}
