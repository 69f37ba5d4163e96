package org.convpool.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * What {@code jobs/bench.sh} runs: the JMH benchmarks, the whole job in local mode on a generated dataset, and, given
 * the reference scripts, the reference on the same inputs; then one table of medians and ratios.
 *
 * <pre>
 *   BenchMain [--reference DIR] [--python PATH] [--forks N] [--warmup N] [--iterations N] [--job-repeats N]
 *             [--copies N] [--work DIR] [--skip-jmh] [--skip-job]
 * </pre>
 */
public final class BenchMain {
    /** The heap of every JMH fork (each benchmark's {@code @Fork}). */
    static final String JMH_HEAP = "-Xmx4g";
    /** The engine's SIMD loops need the Vector API, which Spark 4 also loads in every driver and executor. */
    static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String[]> table = new ArrayList<>();
    private final PrintStream out = System.out;
    private Path work;

    private BenchMain(String[] args) {
        options.put("--python", "/usr/bin/python3");
        options.put("--forks", "1");
        options.put("--warmup", "5");
        options.put("--iterations", "5");
        options.put("--job-repeats", "5");
        options.put("--copies", "2");
        options.put("--work", "target/bench-work");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--skip-jmh") || a.equals("--skip-job")) {
                options.put(a, "true");
            } else if (options.containsKey(a) || a.equals("--reference")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                options.put(a, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + a + "; see jobs/bench.sh --help");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        new BenchMain(args).run();
    }

    private int opt(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void run() throws Exception {
        work = Path.of(options.get("--work")).toAbsolutePath();
        Files.createDirectories(work);
        String reference = options.get("--reference");
        int cores = Runtime.getRuntime().availableProcessors();
        double ghz = Clock.nominalGhz();
        out.printf(Locale.ROOT, "convpool benchmarks: %d cores at %.2f GHz (nominal), Java %s%n", cores, ghz,
                System.getProperty("java.version"));

        Path photoPng = work.resolve("photo-4096.png");
        Path photoJpg = work.resolve("photo-4096.jpg");
        if (!Files.exists(photoPng) || !Files.exists(photoJpg)) {
            out.println("generating the 4096 x 4096 photos ...");
            BenchData.main(new String[] {"photo", photoPng.toString(), "4096", "png"});
            BenchData.main(new String[] {"photo", photoJpg.toString(), "4096", "jpeg"});
        }

        if (!options.containsKey("--skip-jmh")) {
            engine(ghz, reference, photoPng);
            decode(reference, photoPng, photoJpg);
            pngEncode();
        }
        if (!options.containsKey("--skip-job")) {
            job(reference, cores);
        }
        print();
    }

    // ----- (a), (b): the engine

    private void engine(double ghz, String reference, Path photoPng) throws Exception {
        Map<String, Double> fused = jmh(EngineBenchmark.class, "bank+arrays", opts -> opts
                .param("bank", "seed", "5x5x8").param("engine", "fused").param("arrays", "kept", "fresh"),
                opt("--iterations"));
        Map<String, Double> plainLoops = jmh(EngineBenchmark.class, "bank", opts -> opts.param("bank", "seed", "5x5x8")
                .param("engine", "fused").param("arrays", "kept")
                .jvmArgsPrepend("-Dconvpool.simd=false"), opt("--iterations"));
        Map<String, Double> standard = jmh(EngineBenchmark.class, "bank", opts -> opts.param("bank", "seed")
                .param("engine", "standard").param("arrays", "fresh"), Math.min(3, opt("--iterations")));
        double seed = fused.get("seed+kept");
        double fiveByFive = fused.get("5x5x8+kept");
        double seedCpu = engineCpuMs(opt("--iterations") + 4);
        double peak = PeakBenchmark.FLOPS / jmh(PeakBenchmark.class, "", opts -> opts, opt("--iterations")).get("");
        row("(a) engine, seed bank, 4096x4096, 1 thread", ms(seed),
                "the pooled maps into an array kept from the previous image, as the job keeps it");
        row("    same, a new array for the pooled maps every image", ms(fused.get("seed+fresh")), "");
        row("    same, thread CPU time (in-process, after warm-up)", ms(seedCpu),
                "less disturbed by other load on the machine than the wall time above");
        row("    same without SIMD (-Dconvpool.simd=false: the plain Java loops)", ms(plainLoops.get("seed")),
                String.format(Locale.ROOT, "SIMD is %.2fx faster", plainLoops.get("seed") / seed));
        row("    plain engine (EngineStandard), same", ms(standard.get("seed")),
                String.format(Locale.ROOT, "fused is %.1fx faster", standard.get("seed") / seed));
        row("    the core's peak float32 multiply and add rate, 1 thread (PeakBenchmark)",
                String.format(Locale.ROOT, "%.0f Gflop/s", peak),
                String.format(Locale.ROOT, "%d float lanes; %.0f flop per cycle of the nominal %.2f GHz",
                        PeakBenchmark.lanes(), peak / ghz, ghz));
        limit("    arithmetic limit of (a)", 4094.0 * 4094 * 4 * 9, peak, seed, seedCpu,
                "; the seed bank's 2 transposes repeat its kernels, which the engine computes once");
        if (reference != null) {
            JsonNode ref = python(reference, "seed_pipeline.py", "bench", "--image", photoPng.toString(),
                    "--threads", "1", "--repeat", "5");
            double refMs = ref.get("conv_relu_pool_ms").asDouble();
            row("    reference conv+ReLU+pool (PyTorch, 1 thread)", ms(refMs),
                    String.format(Locale.ROOT, "engine is %.1fx faster (target 20x), %.1fx in CPU time; the"
                            + " reference computes no statistics", refMs / seed, refMs / seedCpu));
        }
        row("(b) engine, 8 filters of 5x5, 4096x4096, 1 thread", ms(fiveByFive), String.format(Locale.ROOT,
                "%.1f ms with a new array every image", fused.get("5x5x8+fresh")));
        row("    same without SIMD", ms(plainLoops.get("5x5x8")),
                String.format(Locale.ROOT, "SIMD is %.2fx faster", plainLoops.get("5x5x8") / fiveByFive));
        limit("    arithmetic limit of (b)", 4092.0 * 4092 * 8 * 25, peak, fiveByFive, Double.NaN, "");
    }

    /** The median thread CPU time of the fused engine on the seed bank's benchmark input, in this JVM. */
    private double engineCpuMs(int runs) throws Exception {
        out.println("  engine CPU time ...");
        EngineBenchmark b = new EngineBenchmark();
        b.bank = "seed";
        b.engine = "fused";
        b.arrays = "kept";
        b.size = 4096;
        b.setUp();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 8; i++) {
            b.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = threads.getCurrentThreadCpuTime();
            b.run();
            ms[i] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        return median(ms);
    }

    /**
     * The irreducible arithmetic: a multiply and an add per tap, per conv value and filter (fused multiply-adds would
     * change the bits), at the core's measured peak rate ({@link PeakBenchmark}).
     */
    private void limit(String label, double taps, double gflops, double measuredMs, double cpuMs, String more) {
        double limit = 2 * taps / gflops / 1e6;
        String cpu = Double.isNaN(cpuMs) ? "" : String.format(Locale.ROOT, ", %.1fx in CPU time", cpuMs / limit);
        row(label + ": conv mul+add at that rate", ms(limit),
                String.format(Locale.ROOT, "engine = %.1fx this limit%s%s", measuredMs / limit, cpu, more));
    }

    // ----- (c) decoding

    private void decode(String reference, Path photoPng, Path photoJpg) throws Exception {
        Map<String, Double> d = jmh(DecodeBenchmark.class, "format+decoder", opts -> opts
                .param("format", "jpeg", "png").param("decoder", "job"), opt("--iterations"));
        Map<String, Double> raw = jmh(DecodeBenchmark.class, "format+decoder", opts -> opts
                .param("format", "jpeg").param("decoder", "jdk-raw", "twelvemonkeys-raw"), opt("--iterations"));
        JsonNode refJpg = null;
        JsonNode refPng = null;
        if (reference != null) {
            refJpg = python(reference, "seed_pipeline.py", "bench", "--image", photoJpg.toString(), "--threads", "1",
                    "--repeat", "5");
            refPng = python(reference, "seed_pipeline.py", "bench", "--image", photoPng.toString(), "--threads", "1",
                    "--repeat", "5");
        }
        for (String format : new String[] {"jpeg", "png"}) {
            double ms = d.get(format + "+job");
            String ratio = "";
            JsonNode ref = format.equals("jpeg") ? refJpg : refPng;
            if (ref != null) {
                double refMs = ref.get("imread_ms").asDouble();
                ratio = String.format(Locale.ROOT, "cv2.imread %.0f ms: convpool takes %.1fx as long", refMs,
                        ms / refMs);
            }
            row("(c) decode to grey, 4096x4096 " + format + " (" + mp(16.78, ms) + ")", ms(ms), ratio);
        }
        row("    JDK JPEG reader alone, + grey", ms(raw.get("jpeg+jdk-raw")), "");
        row("    TwelveMonkeys JPEG reader alone, + grey", ms(raw.get("jpeg+twelvemonkeys-raw")), "");
    }

    // ----- (d) PNG encoding

    private void pngEncode() throws Exception {
        Map<String, Double> e = jmh(PngEncodeBenchmark.class, "encoder", opts -> opts
                .param("encoder", "job", "none-huffman", "imageio-default", "imageio-level1", "none-1"),
                opt("--iterations"));
        Map<String, Double> sizes = pngSizes();
        for (String encoder : new String[] {"job", "none-huffman", "imageio-default", "imageio-level1", "none-1"}) {
            String label = switch (encoder) {
                case "job" -> "(d) PNG of a 4094x4094 ReLU map, convpool (no filter, Huffman codes in Java)";
                case "none-huffman" -> "    same, no filter, zlib's Huffman-only strategy";
                case "imageio-default" -> "    same, ImageIO PNG writer, default";
                case "imageio-level1" -> "    same, ImageIO PNG writer, deflate level 1";
                default -> "    same, no filter, deflate level 1";
            };
            row(label, ms(e.get(encoder)), String.format(Locale.ROOT, "%.2f bytes/pixel", sizes.get(encoder)));
        }
    }

    private Map<String, Double> pngSizes() throws IOException {
        PngEncodeBenchmark b = new PngEncodeBenchmark();
        b.size = 4096;
        b.setUp();
        Map<String, Double> sizes = new LinkedHashMap<>();
        for (String e : PngEncodeBenchmark.ENCODERS) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            PngEncodeBenchmark.encode(e, b.pixels(), b.width(), b.height(), bytes);
            sizes.put(e, (double) bytes.size() / ((double) b.width() * b.height()));
        }
        return sizes;
    }

    // ----- (e) the whole job

    private void job(String reference, int cores) throws Exception {
        Path dataset = work.resolve("dataset");
        out.println("generating the job dataset (once; kept in " + dataset + ") ...");
        int copies = opt("--copies");
        BenchData.dataset(dataset, 3 * copies);
        Path one = linkCopies(dataset, work.resolve("data-1x-" + copies), copies);
        Path three = linkCopies(dataset, work.resolve("data-3x-" + copies), 3 * copies);
        double mp1 = copies * BenchData.megapixelsPerCopy();
        double mp3 = 3 * mp1;
        int images1 = copies * BenchData.SIZES.length;
        int repeats = opt("--job-repeats");
        Path disk = work.resolve("job-out");
        // not timed: the first run of a build writes jobs/run-local.sh's class-data archive, which later runs load
        out.println("  job: one untimed run first, for the class-data archive ...");
        runJob(one, "none", disk);
        // Without pictures also writing to memory instead of the disk, where there is room: the features alone are 4
        // bytes per pixel, which this kind of machine's disk takes at about 450 MB/s once the page cache is full.
        Path memory = Path.of("/dev/shm");
        Path inMemory = Files.isDirectory(memory) && Files.getFileStore(memory).getUsableSpace() > (8L << 30)
                ? memory.resolve("convpool-bench-out") : null;
        // 1x and 3x (and disk and memory) interleaved round by round, so that a drift of the machine's speed, or the
        // page cache that one configuration leaves full, does not fall on one side of a difference
        double[][] none = new double[inMemory == null ? 2 : 4][repeats];
        double[][] all = new double[2][repeats];
        try {
            for (int r = 0; r < repeats; r++) {
                none[0][r] = runJob(one, "none", disk);
                none[1][r] = runJob(three, "none", disk);
                if (inMemory != null) {
                    none[2][r] = runJob(one, "none", inMemory);
                    none[3][r] = runJob(three, "none", inMemory);
                }
            }
        } finally {
            if (inMemory != null) {
                deleteTree(inMemory);
            }
        }
        for (int r = 0; r < repeats; r++) {
            all[0][r] = runJob(one, "all", disk);
            all[1][r] = runJob(three, "all", disk);
        }
        double none1 = median(none[0]);
        double none3 = median(none[1]);
        double all1 = median(all[0]);
        double all3 = median(all[1]);
        // once started: the median of each round's difference, 3x - 1x (the two ran one after the other), which a
        // drift of the machine's speed between rounds moves less than the difference of the two medians
        Double inMemoryRate = inMemory == null ? null : (mp3 - mp1) / medianDifference(none[3], none[2]);
        // Pictures without the report: the outputs ref_batch.py writes, and no more.
        double bare3 = medianRun(three, "all", disk, repeats, "--report", "none");
        double noneDifference = medianDifference(none[1], none[0]);
        double allDifference = medianDifference(all[1], all[0]);
        double noneSteady = (mp3 - mp1) / noneDifference;
        double allStartup = mp3 / all3;
        row(String.format(Locale.ROOT, "(e) job --png none, %d images %.0f MP / %d images %.0f MP", images1, mp1,
                3 * images1, mp3), String.format(Locale.ROOT, "%.1f s / %.1f s", none1, none3), "");
        row("    once started (3x - 1x)", String.format(Locale.ROOT, "%.1f MP/s", noneSteady),
                String.format(Locale.ROOT, "%.1f images/s; median of %d rounds' differences, %.2f s", 2 * images1
                        / noneDifference, repeats, noneDifference));
        if (inMemoryRate != null) {
            row("    once started, output in memory (/dev/shm)", String.format(Locale.ROOT, "%.1f MP/s", inMemoryRate),
                    "the same runs writing to memory instead of the disk");
        }
        row("    start-up included, 3x", String.format(Locale.ROOT, "%.1f MP/s", mp3 / none3),
                String.format(Locale.ROOT, "%.2f images/s", 3 * images1 / none3));
        row("(e) job --png all, same datasets", String.format(Locale.ROOT, "%.1f s / %.1f s", all1, all3), "");
        row("    start-up included, 3x", String.format(Locale.ROOT, "%.1f MP/s", allStartup),
                String.format(Locale.ROOT, "%.2f images/s", 3 * images1 / all3));
        row("    once started (3x - 1x)", String.format(Locale.ROOT, "%.1f MP/s", (mp3 - mp1) / allDifference),
                String.format(Locale.ROOT, "%.1f images/s", 2 * images1 / allDifference));
        row("    --report none (only what ref_batch.py writes), start-up included, 3x",
                String.format(Locale.ROOT, "%.1f MP/s", mp3 / bare3),
                String.format(Locale.ROOT, "%.1f s; %.2f images/s", bare3, 3 * images1 / bare3));
        if (reference != null) {
            String workers = Integer.toString(cores);
            RefRun decodeOnly = refBatch(reference, three, workers, "none", true);
            RefRun refNone = refBatch(reference, three, workers, "none", false);
            RefRun refAll = refBatch(reference, three, workers, "all", false);
            row("    reference cv2.imread only, " + workers + " processes, 3x",
                    String.format(Locale.ROOT, "%.1f MP/s", decodeOnly.mpPerS),
                    String.format(Locale.ROOT, "job --png none once started = %.2fx (target 0.5x)%s",
                            noneSteady / decodeOnly.mpPerS, inMemoryRate == null ? "" : String.format(Locale.ROOT,
                                    "; %.2fx with the output in memory", inMemoryRate / decodeOnly.mpPerS)));
            row("    reference ref_batch.py --png none, 3x", String.format(Locale.ROOT, "%.1f MP/s", refNone.mpPerS),
                    String.format(Locale.ROOT, "%.1f s, %.1f s with Python's start-up", refNone.seconds,
                            refNone.wall));
            row("    reference ref_batch.py --png all, 3x", String.format(Locale.ROOT, "%.1f MP/s", refAll.mpPerS),
                    String.format(Locale.ROOT, "job --png all with start-up = %.1fx (target 3x), %.1fx without the"
                            + " report; %.1fx and %.1fx against its start-up too", allStartup / refAll.mpPerS,
                            mp3 / bare3 / refAll.mpPerS, allStartup / (mp3 / refAll.wall),
                            mp3 / bare3 / (mp3 / refAll.wall)));
        }
    }

    /** The median of {@code later[r] - earlier[r]}. */
    private static double medianDifference(double[] later, double[] earlier) {
        double[] d = new double[later.length];
        for (int r = 0; r < d.length; r++) {
            d[r] = later[r] - earlier[r];
        }
        return median(d);
    }

    private double medianRun(Path input, String png, Path output, int repeats, String... extra)
            throws IOException, InterruptedException {
        double[] runs = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            runs[r] = runJob(input, png, output, extra);
        }
        return median(runs);
    }

    private double runJob(Path input, String png, Path output, String... extra)
            throws IOException, InterruptedException {
        settle(output);
        List<String> command = new ArrayList<>(List.of("jobs/run-local.sh", "--input", input.toString(), "--output",
                output.toString(), "--mode", "overwrite", "--png", png));
        command.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(work.resolve("job.log").toFile());
        long t0 = System.nanoTime();
        int rc = pb.start().waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (rc != 0) {
            throw new IOException("the job failed (exit " + rc + "); see " + work.resolve("job.log"));
        }
        out.printf(Locale.ROOT, "  job --png %s%s on %s, output in %s: %.1f s%n", png,
                extra.length == 0 ? "" : " " + String.join(" ", extra), input.getFileName(), output.getParent(), s);
        return s;
    }

    private record RefRun(double seconds, double mpPerS, double wall) {
    }

    private RefRun refBatch(String reference, Path input, String workers, String png, boolean decodeOnly)
            throws IOException, InterruptedException {
        Path output = work.resolve("ref-out");
        settle(output);
        List<String> args = new ArrayList<>(List.of("ref_batch.py", "--input", input.toString(), "--output",
                output.toString(), "--workers", workers, "--png", png));
        if (decodeOnly) {
            args.add("--decode-only");
        }
        long t0 = System.nanoTime();
        JsonNode r = python(reference, args.toArray(new String[0]));
        double wall = (System.nanoTime() - t0) / 1e9;
        return new RefRun(r.get("seconds").asDouble(), r.get("mp_per_s").asDouble(), wall);
    }

    /** A directory holding the first {@code copies} copies of the dataset as hard links, so no bytes are copied. */
    private static Path linkCopies(Path dataset, Path dir, int copies) throws IOException {
        for (int k = 0; k < copies; k++) {
            Path from = dataset.resolve("copy-" + k);
            Path to = dir.resolve("copy-" + k);
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path link = to.resolve(f.getFileName());
                    if (!Files.exists(link)) {
                        Files.createLink(link, f);
                    }
                }
            }
        }
        return dir;
    }

    // ----- plumbing

    /**
     * Before a timed run: deletes the previous run's output, outside the timing (as for the reference), and waits for
     * the disk to take every written page ({@code sync}), so that a run does not pay for the previous one's writes.
     * On this kind of machine the disk takes about 450 MB/s, and the kernel slows down writers while more than a
     * few GB wait: a run's 1 to 2 GB of output then cost the next run seconds.
     */
    private static void settle(Path output) throws IOException, InterruptedException {
        deleteTree(output);
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (IOException e) {
            // no sync command: the runs just share the disk's backlog
        }
    }

    private JsonNode python(String reference, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(options.get("--python"));
        command.add(new File(reference, args[0]).getPath());
        command.addAll(Arrays.asList(args).subList(1, args.length));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectError(work.resolve("reference.log").toFile());
        out.println("  reference: " + String.join(" ", command.subList(1, command.size())));
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("the reference failed: " + String.join(" ", command) + "; see "
                    + work.resolve("reference.log"));
        }
        String[] lines = text.strip().split("\n");
        out.println("    " + lines[lines.length - 1]);
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    private interface Configure {
        ChainedOptionsBuilder apply(ChainedOptionsBuilder options);
    }

    /** Runs one benchmark class; the medians in ms, keyed by the values of the named parameters joined with '+'. */
    private Map<String, Double> jmh(Class<?> benchmark, String keys, Configure configure, int iterations)
            throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(benchmark.getName() + ".")
                .forks(opt("--forks"))
                .warmupIterations(opt("--warmup"))
                .measurementIterations(iterations);
        out.println("  JMH: " + benchmark.getSimpleName() + " ...");
        Collection<RunResult> results = new Runner(configure.apply(o).verbosity(VerboseMode.SILENT).build()).run();
        Map<String, Double> medians = new LinkedHashMap<>();
        for (RunResult r : results) {
            StringBuilder key = new StringBuilder();
            for (String k : keys.isEmpty() ? new String[0] : keys.split("\\+")) {
                key.append(key.length() == 0 ? "" : "+").append(r.getParams().getParam(k));
            }
            medians.put(key.toString(), r.getPrimaryResult().getStatistics().getPercentile(50));
        }
        return medians;
    }

    private void row(String what, String value, String note) {
        table.add(new String[] {what, value, note});
    }

    private void print() throws IOException {
        StringBuilder s = new StringBuilder("\n| benchmark | median | notes |\n|---|---|---|\n");
        for (String[] r : table) {
            s.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" |\n");
        }
        out.print(s);
        Files.writeString(work.resolve("report.md"), s.toString());
        out.println("\n(also in " + work.resolve("report.md") + ")");
    }

    private static String ms(double ms) {
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }

    private static String mp(double megapixels, double ms) {
        return String.format(Locale.ROOT, "%.0f MP/s", megapixels / (ms / 1e3));
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /**
     * The core clock the kernel reports ({@code cpu MHz} in /proc/cpuinfo: on a virtual machine the host's nominal
     * clock), or 3 GHz if there is none: for the record only, as the core may run faster (see {@link PeakBenchmark}).
     */
    static final class Clock {
        private Clock() {
        }

        static double nominalGhz() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("cpu MHz")) {
                        return Double.parseDouble(line.substring(line.indexOf(':') + 1).trim()) / 1000;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // fall through
            }
            return 3.0;
        }
    }
}
