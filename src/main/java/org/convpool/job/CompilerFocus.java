package org.convpool.job;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * In local mode, keeps HotSpot's optimising compiler (C2) for the code that handles pixels: convpool's, the Vector
 * API's and the JDK's image, compression, I/O and arithmetic classes ({@value #RESOURCE}). Spark, Scala, Hadoop and
 * the rest of the JDK are compiled by C1 only.
 *
 * <p>A run of seconds or minutes otherwise spends much of its CPU warming up: C2 compiles whatever code gets hot,
 * and in a Spark driver that is thousands of methods of planning, code generation, class loading and serialisation,
 * each compiled once and run a few times. On 2 cores, 96 images took about 30 CPU seconds, a third of them in the
 * compilers, which took the cores from the images. C1's code for that plumbing is fast enough; the per-image code
 * still gets C2's.
 *
 * <p>HotSpot's compiler directives do this ({@code jcmd <pid> Compiler.directives_add}, here through the
 * DiagnosticCommand MBean, which needs no extra JVM option). They change what is compiled and how, never a result.
 * The system property {@value #PROPERTY}{@code =all} leaves every method to C2 as usual; a JVM without the
 * command (not HotSpot) runs as usual.
 */
final class CompilerFocus {
    /** The system property that, set to {@code all}, leaves the JIT's choices alone. */
    static final String PROPERTY = "convpool.jit";
    /** The directives, in the jar. */
    static final String RESOURCE = "/convpool/jit-directives.json";
    private static final String ADDED = " compiler directives added";
    private static String installed;

    private CompilerFocus() {
    }

    /**
     * Adds the directives to this JVM, once; for a driver that runs the executors' work ({@code local} or
     * {@code local[...]}; not {@code local-cluster}, whose executors are other JVMs).
     *
     * @return what was done, for the log
     */
    static synchronized String applyForLocalMaster(String master) {
        if (!executorsInThisJvm(master)) {
            return "as usual (the executors run in other JVMs)";
        }
        if ("all".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return "as usual (-D" + PROPERTY + "=all)";
        }
        if (installed == null) {
            installed = install();
        }
        return installed;
    }

    /**
     * Whether a driver with this master runs the executors' work in its own JVM: {@code local} and
     * {@code local[...]}, not {@code local-cluster}, whose executors are other JVMs, nor a cluster.
     */
    static boolean executorsInThisJvm(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    private static String install() {
        try (InputStream in = CompilerFocus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "as usual (" + RESOURCE + " is missing from the jar)";
            }
            Path file = Files.createTempFile("convpool-jit-", ".json");
            try {
                Files.write(file, in.readAllBytes());
                String reply = add(file.toString());
                return reply.strip().endsWith(ADDED)
                        ? "C2 for the per-image code only, C1 for the rest (-D" + PROPERTY + "=all: C2 for all)"
                        : "as usual (the JVM refused the directives: " + reply.strip().replace('\n', ' ') + ")";
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | JMException | RuntimeException e) {
            return "as usual (" + e + ")";
        }
    }

    /** {@code Compiler.directives_add} of {@code file}; returns the command's output. */
    static String add(String file) throws JMException {
        return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                new Object[] {new String[] {file}}, new String[] {String[].class.getName()}));
    }
}
