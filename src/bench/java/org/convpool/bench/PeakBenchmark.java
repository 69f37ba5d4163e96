package org.convpool.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core's peak rate of float32 multiplies and adds, each rounded on its own (no fused multiply-add, as in the
 * engine's convolution), on one thread: eight independent multiply chains and eight independent add chains in the
 * JVM's widest float vectors, with nothing read from memory. The engine's arithmetic limit in {@link BenchMain} is its
 * taps at this rate, measured on the machine at hand rather than worked out from a nominal clock: a core that boosts
 * above its nominal clock, or splits wide vectors in two, would make that figure wrong.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {BenchMain.JMH_HEAP, BenchMain.VECTOR_MODULE})
@Warmup(time = 1)
@Measurement(time = 1)
public class PeakBenchmark {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Loop steps per invocation. */
    private static final int STEPS = 1 << 20;
    /** Floating-point operations per invocation: 16 vector operations a step, on every lane. */
    static final double FLOPS = 16.0 * STEPS * SPECIES.length();

    /** Read at run time, so that nothing is folded into constants. */
    public float[] seeds = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 1.0000001f, 1e-9f};

    @Benchmark
    public float mulAdd() {
        final float[] s = seeds;
        FloatVector m0 = FloatVector.broadcast(SPECIES, s[0]);
        FloatVector m1 = FloatVector.broadcast(SPECIES, s[1]);
        FloatVector m2 = FloatVector.broadcast(SPECIES, s[2]);
        FloatVector m3 = FloatVector.broadcast(SPECIES, s[3]);
        FloatVector m4 = FloatVector.broadcast(SPECIES, s[4]);
        FloatVector m5 = FloatVector.broadcast(SPECIES, s[5]);
        FloatVector m6 = FloatVector.broadcast(SPECIES, s[6]);
        FloatVector m7 = FloatVector.broadcast(SPECIES, s[7]);
        FloatVector a0 = m0;
        FloatVector a1 = m1;
        FloatVector a2 = m2;
        FloatVector a3 = m3;
        FloatVector a4 = m4;
        FloatVector a5 = m5;
        FloatVector a6 = m6;
        FloatVector a7 = m7;
        final FloatVector factor = FloatVector.broadcast(SPECIES, s[8]);
        final FloatVector term = FloatVector.broadcast(SPECIES, s[9]);
        for (int i = 0; i < STEPS; i++) {
            m0 = m0.mul(factor);
            m1 = m1.mul(factor);
            m2 = m2.mul(factor);
            m3 = m3.mul(factor);
            m4 = m4.mul(factor);
            m5 = m5.mul(factor);
            m6 = m6.mul(factor);
            m7 = m7.mul(factor);
            a0 = a0.add(term);
            a1 = a1.add(term);
            a2 = a2.add(term);
            a3 = a3.add(term);
            a4 = a4.add(term);
            a5 = a5.add(term);
            a6 = a6.add(term);
            a7 = a7.add(term);
        }
        return m0.add(m1).add(m2).add(m3).add(m4).add(m5).add(m6).add(m7)
                .add(a0).add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7)
                .reduceLanes(VectorOperators.ADD);
    }

    /** The float lanes of the vectors used. */
    static int lanes() {
        return SPECIES.length();
    }
}
