package org.convpool.job;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.convpool.engine.Engine;
import org.slf4j.LoggerFactory;

/**
 * The job's entry point, for {@code spark-submit --class org.convpool.job.Main} and for
 * {@code jobs/run-local.sh}. Exit codes: 0 the run finished (whatever individual images did),
 * 2 a usage mistake (one line on standard error, before Spark starts), 1 the run failed.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses, checks, then starts Spark from the configuration spark-submit (or the system properties) gave. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLineParser.Parsed parsed;
        Preflight.Checked checked;
        String jit;
        SparkConf conf = new SparkConf().setIfMissing("spark.app.name", "convpool");
        try {
            parsed = CommandLineParser.parse(args);
            if (!parsed.runs()) {
                out.print(parsed.text().endsWith("\n") ? parsed.text() : parsed.text() + "\n");
                return OK;
            }
            // before anything else warms up, so that Spark's and Hadoop's start-up is left to C1 too
            jit = CompilerFocus.applyForLocalMaster(conf.get("spark.master", ""));
            checked = Preflight.check(parsed.options(), HadoopConf.fromSparkConf(conf));
            if (!conf.contains("spark.master")) {
                throw new UsageException("no Spark master is set; run through jobs/run-local.sh or jobs/submit.sh,"
                        + " or pass -Dspark.master=local[*] to java");
            }
        } catch (UsageException e) {
            err.println("convpool: " + e.getMessage());
            return USAGE;
        }
        if (Warmup.wanted(conf.get("spark.master"), Runtime.getRuntime().availableProcessors())) {
            // on a spare core while Spark starts: the executors' work runs in this JVM
            Warmup.start(new Engine(checked.bank(), parsed.options().geometry()), parsed.options().png());
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        LoggerFactory.getLogger(Main.class).info("JIT compilers (in this JVM): {}", jit);
        try {
            return finish(new ConvpoolJob(spark, parsed.options(), Arrays.asList(args)), checked, parsed.options(),
                    out, err);
        } finally {
            spark.stop();
        }
    }

    /** Runs in an existing session (tests, notebooks); the session is left running. */
    static int run(SparkSession spark, String[] args, PrintStream out, PrintStream err) {
        try {
            CommandLineParser.Parsed parsed = CommandLineParser.parse(args);
            if (!parsed.runs()) {
                out.print(parsed.text());
                return OK;
            }
            ConvpoolJob job = new ConvpoolJob(spark, parsed.options(), Arrays.asList(args));
            return finish(job, job.check(), parsed.options(), out, err);
        } catch (UsageException e) {
            err.println("convpool: " + e.getMessage());
            return USAGE;
        }
    }

    private static int finish(ConvpoolJob job, Preflight.Checked checked, JobOptions options, PrintStream out,
            PrintStream err) {
        ConvpoolJob.RunSummary s;
        try {
            s = job.run(checked);
        } catch (UsageException e) {
            err.println("convpool: " + e.getMessage());
            return USAGE;
        } catch (RuntimeException e) {
            err.println("convpool: the run failed: " + rootMessage(e));
            e.printStackTrace(err);
            return FAILED;
        }
        out.printf("convpool: %d files, %d images processed, %d could not be used%n", s.filesSeen(),
                s.imagesProcessed(), s.errors());
        for (Map.Entry<String, Long> e : s.errorsByReason().entrySet()) {
            out.printf("  %-20s %d%n", e.getKey(), e.getValue());
        }
        out.printf("outputs in %s (features/, stats/, errors/, summary/, %srun.json); took %.1f s%n", s.output(),
                (options.png() ? "png/, " : "") + (options.report() ? "report/, " : ""),
                java.time.Duration.between(s.started(), s.ended()).toMillis() / 1000.0);
        return OK;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (caused by " + t + ")";
    }
}
