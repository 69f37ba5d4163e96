package org.convpool.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Whether the fused engine uses its SIMD row loops ({@link SimdRows}): when the JVM was started with
 * {@code --add-modules=jdk.incubator.vector} (as Spark 4's launcher starts every driver and executor), on HotSpot with
 * its C2 compiler and vectors of 256 bits or more, unless the system property {@code convpool.simd} is {@code false}.
 * Otherwise the engine uses its plain Java loops, which give the same results, more slowly.
 */
public final class Simd {
    /** The system property that turns the SIMD loops off when set to {@code false}. */
    static final String PROPERTY = "convpool.simd";
    private static final boolean ENABLED = detect();

    private Simd() {
    }

    /**
     * Whether the SIMD row loops are in use in this JVM: the module {@code jdk.incubator.vector} is there, C2 compiles
     * and vectors have 256 bits or more. Classes that use the Vector API, such as {@link SimdGrey}, may be loaded
     * only then.
     */
    public static boolean enabled() {
        return ENABLED;
    }

    /** How this JVM runs the engine, for logs: the SIMD width, or why there is none. */
    static String describe() {
        if (ENABLED) {
            return "SIMD row loops, " + SimdRows.lanes() + " float lanes (Vector API)";
        }
        if (!moduleLoaded()) {
            return "plain Java row loops (start the JVM with --add-modules=jdk.incubator.vector for SIMD ones)";
        }
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return "plain Java row loops (-D" + PROPERTY + "=false)";
        }
        return "plain Java row loops (no C2 compiler, or vectors narrower than 256 bits, where the Vector API would"
                + " be slower)";
    }

    private static boolean detect() {
        if (!moduleLoaded() || "false".equalsIgnoreCase(System.getProperty(PROPERTY)) || !optimisingCompiler()) {
            return false;
        }
        try {
            // narrower vectors (SSE, NEON) gain little over the loops HotSpot vectorises itself
            return SimdRows.lanes() >= 8;
        } catch (LinkageError e) {
            return false;
        }
    }

    private static boolean moduleLoaded() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * Whether HotSpot's C2 compiles hot code: without it (an interpreter-only or C1-only JVM) every vector operation
     * is a Java loop over lanes on heap objects, many times slower than plain loops.
     */
    private static boolean optimisingCompiler() {
        try {
            final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null) {
                return false;
            }
            final boolean tiered = Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue());
            final int stopAt = Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue());
            final boolean graal = Boolean.parseBoolean(option(vm, "UseJVMCICompiler", "false"));
            return !graal && (!tiered || stopAt >= 4)
                    && !System.getProperty("java.vm.info", "").contains("interpreted mode");
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String option(HotSpotDiagnosticMXBean vm, String name, String missing) {
        try {
            return vm.getVMOption(name).getValue();
        } catch (IllegalArgumentException e) {
            return missing;
        }
    }
}
