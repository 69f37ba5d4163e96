package org.convpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.convpool.testing.Golden;
import org.convpool.testing.Trees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar on a real Spark standalone cluster: a master and two workers, each its
 * own JVM on 127.0.0.1, started from the Spark jars Maven resolved (target/spark-home), and the
 * job submitted through {@code SparkSubmit}, as {@code bin/spark-submit} does. Its output must
 * be complete and identical to a local-mode run's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {
    @TempDir
    static Path tmp;

    private final List<Process> cluster = new ArrayList<>();
    private final List<Process> submits = new ArrayList<>();
    private Path sparkHome;
    private String master;

    @BeforeAll
    void startCluster() throws Exception {
        sparkHome = Path.of(System.getProperty("convpool.sparkHome", "target/spark-home")).toAbsolutePath();
        assertTrue(Files.isDirectory(sparkHome.resolve("jars")), "no Spark jars in " + sparkHome);
        int port = freePort();
        int ui = freePort();
        master = "spark://127.0.0.1:" + port;
        cluster.add(start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(ui)));
        for (int w = 1; w <= 2; w++) {
            Path work = Files.createDirectories(tmp.resolve("worker-" + w));
            cluster.add(start("worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1500m", "--webui-port", Integer.toString(freePort()),
                    "--work-dir", work.toString(), master));
        }
        awaitAliveWorkers(ui, 2);
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (spark != null) {
            spark.stop();
        }
        submits.forEach(Process::destroyForcibly);
        for (Process p : cluster) {
            p.destroy();
        }
        for (Process p : cluster) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void submittedJobMatchesALocalRun() throws Exception {
        Path input = tmp.resolve("in");
        Trees.copy(Golden.imagesDir(), input);
        Path clusterOut = tmp.resolve("cluster-out");
        Process submit = submit("submit", input, clusterOut);
        assertTrue(submit.waitFor(15, TimeUnit.MINUTES), "the submitted job did not finish");
        assertEquals(0, submit.exitValue(), Files.readString(tmp.resolve("submit.log")));
        assertTrue(Files.readString(tmp.resolve("submit.log")).contains(Golden.imagePaths().size() + " files"));

        OutputSnapshot.of(localSpark(), clusterOut, input).assertSameAs(localRun(input));
        // The work really ran on the workers' executors, in JVMs of their own, which Spark started with the Vector
        // API module that the engine's SIMD loops need (its worker writes the executor's command line first).
        List<Path> executorLogs;
        try (var logs = Files.walk(tmp.resolve("worker-1"))) {
            executorLogs = logs.filter(p -> p.getFileName().toString().equals("stderr")).toList();
        }
        assertFalse(executorLogs.isEmpty(), "worker 1 ran no executor");
        for (Path log : executorLogs) {
            String command = Files.readAllLines(log).stream().filter(l -> l.startsWith("Spark Executor Command:"))
                    .findFirst().orElse("");
            assertTrue(command.contains("--add-modules=jdk.incubator.vector"), log + ": " + command);
        }
    }

    @Test
    void killingAnExecutorLosesAndDuplicatesNothing() throws Exception {
        Path input = tmp.resolve("in-3x");
        for (int copy = 1; copy <= 3; copy++) {
            Trees.copy(Golden.imagesDir(), input.resolve("copy-" + copy));
        }
        Path clusterOut = tmp.resolve("killed-executor-out");
        // Small tasks, one per batch: the run lasts long enough to lose an executor half-way.
        Process submit = submit("submit-kill", input, clusterOut, "--conf", "spark.sql.files.maxPartitionBytes=12m",
                "--conf", JobSettings.BATCH_TASKS + "=1");
        Path batches = clusterOut.resolve("_convpool/batches");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10); // only so that a broken build cannot hang CI
        while (!hasCommittedBatch(batches)) {
            assertTrue(submit.isAlive(), "the job ended before an executor could be killed");
            assertTrue(System.nanoTime() < deadline, "the job committed no batch");
            Thread.sleep(100);
        }
        // Executors are the workers' child processes.
        List<Long> workers = cluster.subList(1, cluster.size()).stream().map(Process::pid).toList();
        ProcessHandle executor = ProcessHandle.allProcesses()
                .filter(p -> p.parent().map(w -> workers.contains(w.pid())).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no executor JVM found"));
        assertTrue(executor.destroyForcibly(), "could not kill executor " + executor.pid());
        assertTrue(submit.isAlive(), "the job ended before the executor was killed");

        assertTrue(submit.waitFor(15, TimeUnit.MINUTES), "the submitted job did not finish");
        assertEquals(0, submit.exitValue(), Files.readString(tmp.resolve("submit-kill.log")));
        OutputSnapshot.of(localSpark(), clusterOut, input).assertSameAs(localRun(input));
    }

    private SparkSession spark;

    private SparkSession localSpark() {
        if (spark == null) {
            spark = SparkSession.builder().master("local[2]").appName("ClusterIT").config("spark.ui.enabled", "false")
                    .getOrCreate();
        }
        return spark;
    }

    private OutputSnapshot localRun(Path input) {
        Path localOut = tmp.resolve("local-" + input.getFileName());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(Main.OK, Main.run(localSpark(), new String[] {"--input", input.toString(), "--output",
            localOut.toString()}, quiet, quiet));
        return OutputSnapshot.of(localSpark(), localOut, input);
    }

    private Process submit(String name, Path input, Path output, String... conf) throws IOException {
        Path jar = Path.of(System.getProperty("convpool.jar", "target/convpool.jar")).toAbsolutePath();
        List<String> args = new ArrayList<>(List.of("--master", master, "--deploy-mode", "client", "--class",
                Main.class.getName(), "--conf", "spark.executor.memory=1g", "--conf", "spark.executor.cores=1",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false"));
        args.addAll(List.of(conf));
        args.addAll(List.of(jar.toString(), "--input", input.toString(), "--output", output.toString()));
        Process submit = start(name, "org.apache.spark.deploy.SparkSubmit", args.toArray(String[]::new));
        submits.add(submit); // stopped after the tests even if one fails half-way
        return submit;
    }

    private static boolean hasCommittedBatch(Path batches) throws IOException {
        if (!Files.isDirectory(batches)) {
            return false;
        }
        try (var files = Files.list(batches)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.endsWith(".json") && !n.endsWith(".pending.json") && !n.startsWith("."));
        }
    }

    /** A JVM running {@code mainClass} from the Spark installation, logging to {@code <name>.log}. */
    private Process start(String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String line : Files.readAllLines(Path.of("conf/jvm-options"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                cmd.add(line.strip());
            }
        }
        cmd.addAll(List.of("-Xmx1g", "-cp", sparkHome.resolve("jars") + "/*",
                "-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    private static void awaitAliveWorkers(int uiPort, int expected) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/")).build();
        for (int attempt = 0; attempt < 600; attempt++) {
            try {
                String json = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                java.util.regex.Matcher alive = java.util.regex.Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)")
                        .matcher(json);
                if (alive.find() && Integer.parseInt(alive.group(1)) >= expected) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(expected + " workers did not register with the master");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
