package org.convpool.job;

import static org.apache.spark.sql.functions.asc;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.convpool.engine.Engine;
import org.convpool.engine.FilterBank;
import org.convpool.report.Histogram;
import org.convpool.report.Html;
import org.convpool.report.ImagePanel;
import org.convpool.report.ReportData;

/**
 * {@code report/index.html}: gathers what the page shows from the written tables (small
 * aggregates only, three independent sets of queries at once), has the executors draw the few images it shows, and
 * writes the page.
 */
final class ReportBuilder {
    static final String FILE = "index.html";
    /** Images shown as a fixed sample, besides each filter's strongest and weakest. */
    static final int SAMPLE = 4;
    static final int BINS = 30;
    static final int EXAMPLES_PER_REASON = 5;

    private final SparkSession spark;
    private final FilterBank bank;
    private final JobOptions options;

    ReportBuilder(SparkSession spark, FilterBank bank, JobOptions options) {
        this.spark = spark;
        this.bank = bank;
        this.options = options;
    }

    void write(OutputLayout layout, ConvpoolJob.RunSummary summary, Map<String, String> versions,
            Broadcast<HadoopConf> hadoop) throws IOException {
        Dataset<Row> features = spark.read().schema(Rows.FEATURES).parquet(layout.uri(OutputLayout.FEATURES));
        Dataset<Row> stats = spark.read().schema(Rows.STATS).parquet(layout.uri(OutputLayout.STATS));
        Dataset<Row> errors = spark.read().schema(Rows.ERRORS).parquet(layout.uri(OutputLayout.ERRORS));
        ReportData data;
        try (ConcurrentQueries queries = new ConcurrentQueries("report", 3)) {
            Future<List<Histogram>> histograms = queries.submit(() -> histograms(stats));
            Future<List<ImagePanel>> panels = queries.submit(() -> panels(features, stats, hadoop));
            Future<Map<String, List<Map.Entry<String, String>>>> examples = queries.submit(() -> examples(errors));
            data = new ReportData("convpool report: " + options.input(), facts(summary, versions), bank,
                    ConcurrentQueries.result(histograms), ConcurrentQueries.result(panels), summary.errorsByReason(),
                    ConcurrentQueries.result(examples));
        }
        Path page = new Path(layout.path(OutputLayout.REPORT), FILE);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try (OutputStream out = page.getFileSystem(conf).create(page, true)) {
            out.write(Html.render(data).getBytes(StandardCharsets.UTF_8));
        }
    }

    private Map<String, String> facts(ConvpoolJob.RunSummary s, Map<String, String> versions) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("input", options.input());
        f.put("output", s.output());
        f.put("filter bank", bank.name() + " (" + bank.size() + " filters of " + bank.kernelHeight() + "×"
                + bank.kernelWidth() + ")" + (options.filters() == null ? "" : ", from " + options.filters()));
        f.put("convolution", "stride " + options.geometry().stride() + ", zero padding " + options.geometry().padding());
        f.put("max pooling", options.geometry().pool() + "×" + options.geometry().pool() + " window, stride "
                + options.geometry().poolStride());
        f.put("files seen", Long.toString(s.filesSeen()));
        f.put("images processed", Long.toString(s.imagesProcessed()));
        f.put("files that could not be used", Long.toString(s.errors()));
        if (s.filesProcessedNow() != s.filesSeen()) {
            f.put("files processed by this run", s.filesProcessedNow() + " (the rest by earlier runs, resumed)");
        }
        f.put("started", s.started().toString());
        f.put("ended", s.ended().toString());
        f.put("took", String.format("%.1f s", Duration.between(s.started(), s.ended()).toMillis() / 1000.0));
        f.put("options", "--mode " + options.mode().label() + ", --png " + (options.png() ? "all" : "none")
                + ", --max-pixels " + options.limits().maxPixels() + ", --max-bytes " + options.maxBytes());
        versions.forEach((k, v) -> f.put(k + " version", v));
        return f;
    }

    /** Per stage and filter (the first few), the spread of each image's mean and zero fraction. */
    private List<Histogram> histograms(Dataset<Row> stats) {
        Dataset<Row> shown = stats.filter(col("filter").lt(ReportThumbnails.MAX_FILTERS));
        Dataset<Row> ranges = shown.groupBy("stage", "filter").agg(min("mean").as("lo"), max("mean").as("hi"));
        Map<String, double[]> range = new HashMap<>();
        for (Row r : ranges.collectAsList()) {
            range.put(r.getString(0) + "/" + r.getInt(1), new double[] {r.getDouble(2), r.getDouble(3)});
        }
        Column span = col("hi").minus(col("lo"));
        Column meanBin = when(span.leq(0), lit(0L))
                .otherwise(least(lit((long) BINS - 1), floor(col("mean").minus(col("lo")).divide(span).multiply(BINS))));
        Column zeroBin = least(lit((long) BINS - 1), floor(col("zero_fraction").multiply(BINS)));
        Map<String, long[]> means = count(shown.join(broadcast(ranges), new String[] {"stage", "filter"}), meanBin);
        Map<String, long[]> zeros = count(shown, zeroBin);
        List<Histogram> histograms = new ArrayList<>();
        for (String stage : List.of("conv", "relu", "pool")) {
            for (int f = 0; f < Math.min(bank.size(), ReportThumbnails.MAX_FILTERS); f++) {
                String key = stage + "/" + f;
                double[] r = range.get(key);
                if (r == null) {
                    continue;
                }
                histograms.add(new Histogram(stage, f, "mean", "", r[0], r[1] > r[0] ? r[1] : r[0] + 1, list(means.get(key))));
                histograms.add(new Histogram(stage, f, "zero fraction", " (share of values = 0)", 0, 1,
                        list(zeros.get(key))));
            }
        }
        return histograms;
    }

    private static Map<String, long[]> count(Dataset<Row> stats, Column bin) {
        Map<String, long[]> counts = new HashMap<>();
        for (Row r : stats.select(col("stage"), col("filter"), bin.as("bin")).groupBy("stage", "filter", "bin").count()
                .collectAsList()) {
            counts.computeIfAbsent(r.getString(0) + "/" + r.getInt(1), k -> new long[BINS])[(int) r.getLong(2)] =
                    r.getLong(3);
        }
        return counts;
    }

    private static List<Long> list(long[] counts) {
        return counts == null ? List.of() : Arrays.stream(counts).boxed().toList();
    }

    /** A fixed sample, then each shown filter's strongest and weakest mean activation; each image once. */
    private List<ImagePanel> panels(Dataset<Row> features, Dataset<Row> stats, Broadcast<HadoopConf> hadoop) {
        Map<String, String> why = new LinkedHashMap<>();
        for (Row r : features.select("path").orderBy(xxhash64(col("path")), col("path")).limit(SAMPLE).collectAsList()) {
            why.put(r.getString(0), "sample");
        }
        List<Row> extremes = stats.filter(col("stage").equalTo("relu").and(col("filter").lt(ReportThumbnails.MAX_FILTERS)))
                .groupBy("filter")
                .agg(max(struct(col("mean"), col("path"))).as("top"), min(struct(col("mean"), col("path"))).as("bottom"))
                .orderBy("filter").collectAsList();
        for (Row r : extremes) {
            String name = bank.filters().get(r.getInt(0)).name();
            why.merge(r.getStruct(1).getString(1), "strongest " + name + " response", (a, b) -> a + ", " + b);
            why.merge(r.getStruct(2).getString(1), "weakest " + name + " response", (a, b) -> a + ", " + b);
        }
        if (why.isEmpty()) {
            return List.of();
        }
        List<Map.Entry<String, String>> chosen = new ArrayList<>(why.entrySet().stream()
                .map(e -> (Map.Entry<String, String>) new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()))
                .toList());
        ReportThumbnails thumbnails = new ReportThumbnails(new Engine(bank, options.geometry()), options.limits(), hadoop);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<ImagePanel> drawn = jsc.parallelize(chosen, Math.min(chosen.size(), jsc.defaultParallelism() * 2))
                .map(e -> thumbnails.panel(e.getKey(), e.getValue())).collect();
        return drawn.stream().filter(p -> p != null).toList();
    }

    private Map<String, List<Map.Entry<String, String>>> examples(Dataset<Row> errors) {
        Map<String, List<Map.Entry<String, String>>> examples = new LinkedHashMap<>();
        for (Row r : errors.withColumn("n", row_number().over(Window.partitionBy("reason").orderBy(asc("path"))))
                .filter(col("n").leq(EXAMPLES_PER_REASON)).orderBy("reason", "path").collectAsList()) {
            examples.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                    .add(new AbstractMap.SimpleImmutableEntry<>(r.getString(0), r.getString(2)));
        }
        return examples;
    }
}
