package org.convpool.engine;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused engine's row loops in explicit SIMD, with the Vector API (module {@code jdk.incubator.vector}), for
 * stride 1. A row is done in blocks of {@value #BLOCK} vectors: every tap of the block's conv values at once, straight
 * from the padded input rows, then, while the block is still in the core's first-level cache, the conv and relu
 * statistics and the ReLU in one sweep, the sums held in registers. The plain Java loops ({@link ConvolutionRows},
 * {@link ColumnStats}) need about six sweeps over each whole row, because HotSpot only vectorises small loop bodies.
 *
 * <p>Values are bit-identical to the plain loops': every tap is a float32 multiply then a float32 add, in row-major
 * kernel order from 0f (the Vector API never fuses them unasked; only the statistics' squares are summed with an
 * explicit fused multiply-add), and ReLU gives {@code Math.max(v, 0f)} lane by lane.
 *
 * <p>HotSpot 17 keeps a vector in a register only when it sees all of its life in one compiled method; a vector that
 * goes around a loop whose trip count it does not know (a loop over taps), or into or out of a method of ours that it
 * did not inline (which depends on what it compiled before), is boxed on the heap, three to ten times slower. So no
 * vector here crosses a method of ours: they go through small arrays instead. 3x3 kernels have their taps written
 * out, 5x5 ones a kernel row per sweep over the block, and other shapes a tap per sweep, the partial sums kept in the
 * block. The minima and maxima are compare-and-blend, not {@code min} and {@code max}, whose Java semantics for NaN
 * and -0f cost several instructions: the maps hold neither (a float sum that starts at +0f never becomes -0f). Only
 * {@link Simd} may load this class, after checking that the module is there.
 */
final class SimdRows {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SPECIES.vectorShape());
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(SPECIES.vectorBitSize() / 4));
    /** Lane i takes lane i + 1 (the last one wraps round to lane 0, which pooling does not use). */
    private static final VectorShuffle<Float> NEXT = VectorShuffle.fromOp(SPECIES, i -> (i + 1) % LANES);
    /** Lane i takes lane 2i, wrapped: the even lanes end up in both halves. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(SPECIES, i -> 2 * i % LANES);
    private static final VectorMask<Float> UPPER_HALF = VectorMask.fromLong(SPECIES, -1L << (LANES / 2));
    /** Vectors per block: summed plainly in float32 before each lane's sums move into exact high/low pairs. */
    static final int BLOCK = 64;

    private SimdRows() {
    }

    /**
     * Scales grey levels {@code pixels[from..from + n)} into {@code dst[to..to + n)}, each {@code (float) g / 255f} as
     * {@link GreyLevels#SCALED} holds it. Not by dividing, which is slow: {@code q = g * (1f / 255f)} is one unit in the
     * last place off for about half the levels, and one Newton step with fused multiply-adds,
     * {@code q + fma(-q, 255, g) * (1f / 255f)}, gives the correctly rounded quotient for every one of the 256 (a test
     * checks them all).
     */
    static void scale(final byte[] pixels, final int from, final float[] dst, final int to, final int n) {
        if (n < LANES) {
            final float[] scaled = GreyLevels.SCALED;
            for (int i = 0; i < n; i++) {
                dst[to + i] = scaled[pixels[from + i] & 0xFF];
            }
            return;
        }
        final FloatVector minusLevels = FloatVector.broadcast(SPECIES, -255f);
        final FloatVector reciprocal = FloatVector.broadcast(SPECIES, 1f / 255f);
        // The last vector ends at n, overlapping the one before unless n is a multiple of the lanes (the same values
        // are written again), rather than a scalar loop for the rest: a loop the JIT had never seen run (while rows
        // were multiples of the lanes) made it recompile the whole engine pass, into which this method is inlined, at
        // the first row that was not.
        final int last = n - LANES;
        for (int i = 0; i < n; i += LANES) {
            final int at = Math.min(i, last);
            final IntVector signed = (IntVector) ByteVector.fromArray(BYTES, pixels, from + at)
                    .convertShape(VectorOperators.B2I, INTS, 0);
            final FloatVector g = (FloatVector) signed.and(0xFF).convertShape(VectorOperators.I2F, SPECIES, 0);
            final FloatVector q = g.mul(reciprocal);
            q.fma(minusLevels, g).fma(reciprocal, q).intoArray(dst, to + at);
        }
    }

    /**
     * Max-pools two rows with 2x2 windows at stride 2: {@code out[px]} is the largest of columns {@code 2 px} and
     * {@code 2 px + 1} of {@code a} and {@code b}, for px in [0, pw). Max is exact, so this equals the plain pooling.
     */
    static void pool2(final float[] a, final float[] b, final float[] out, final int pw) {
        pool2(a, b, out, 0, pw);
    }

    /** As {@link #pool2(float[], float[], float[], int)}, into {@code out[at..at + pw)}. */
    static void pool2(final float[] a, final float[] b, final float[] out, final int at, final int pw) {
        final int bound = SPECIES.loopBound(pw);
        int px = 0;
        for (; px < bound; px += LANES) {
            final int x = 2 * px;
            // max by compare and blend (see the class comment)
            final FloatVector a0 = FloatVector.fromArray(SPECIES, a, x);
            final FloatVector b0 = FloatVector.fromArray(SPECIES, b, x);
            final FloatVector low = a0.blend(b0, b0.compare(VectorOperators.GT, a0));
            final FloatVector a1 = FloatVector.fromArray(SPECIES, a, x + LANES);
            final FloatVector b1 = FloatVector.fromArray(SPECIES, b, x + LANES);
            final FloatVector high = a1.blend(b1, b1.compare(VectorOperators.GT, a1));
            // each lane's pair max, in the even lanes; then those of low into the lower half, of high the upper
            final FloatVector nextLow = low.rearrange(NEXT);
            final FloatVector pairsLow = low.blend(nextLow, nextLow.compare(VectorOperators.GT, low));
            final FloatVector nextHigh = high.rearrange(NEXT);
            final FloatVector pairsHigh = high.blend(nextHigh, nextHigh.compare(VectorOperators.GT, high));
            pairsLow.rearrange(EVEN).blend(pairsHigh.rearrange(EVEN), UPPER_HALF).intoArray(out, at + px);
        }
        for (; px < pw; px++) {
            final int x = 2 * px;
            out[at + px] = Math.max(Math.max(a[x], a[x + 1]), Math.max(b[x], b[x + 1]));
        }
    }

    /** The float lanes of a vector. */
    static int lanes() {
        return LANES;
    }

    /**
     * Writes conv row {@code out[0..ow)}: {@code out[x]} sums {@code kernel[r * kw + c] * rows[r][x + c]}.
     *
     * @param rows the {@code kh} zero-padded input rows under the kernel, at least {@code ow + kw - 1} long
     */
    static void convolve(final float[][] rows, final float[] kernel, final int kh, final int kw, final float[] out,
            final int ow) {
        final int bound = SPECIES.loopBound(ow);
        for (int block = 0; block < bound; block += BLOCK * LANES) {
            convolveBlock(rows, kernel, kh, kw, out, block, Math.min(bound, block + BLOCK * LANES));
        }
        for (int x = bound; x < ow; x++) {
            out[x] = convolveAt(rows, kernel, kh, kw, x);
        }
    }

    /**
     * As {@link #convolve}, then adds the row to {@code conv} and its ReLU to {@code relu} and leaves the ReLU in
     * {@code out}.
     *
     * @param keep null, or where the conv values go as well, before they are rectified (for a filter that negates
     *             this one: {@link #negatedRelu})
     */
    static void convolveRelu(final float[][] rows, final float[] kernel, final int kh, final int kw, final float[] out,
            final int ow, final LaneStats conv, final LaneStats relu, final float[] keep) {
        final int bound = SPECIES.loopBound(ow);
        for (int block = 0; block < bound; block += BLOCK * LANES) {
            final int end = Math.min(bound, block + BLOCK * LANES);
            convolveBlock(rows, kernel, kh, kw, out, block, end);
            if (keep != null) {
                System.arraycopy(out, block, keep, block, end - block);
            }
            reluBlock(out, block, end, conv, relu);
        }
        for (int x = bound; x < ow; x++) {
            out[x] = convolveAt(rows, kernel, kh, kw, x);
        }
        if (keep != null) {
            System.arraycopy(out, bound, keep, bound, ow - bound);
        }
        reluTail(out, bound, ow, conv, relu);
    }

    /**
     * As {@link #convolveRelu} for a filter that negates another ({@link FilterSharing}): its conv row is
     * {@code 0f - v} of the other's, {@code source[0..ow)}, kept by {@link #convolveRelu}.
     */
    static void negatedRelu(final float[] source, final float[] out, final int ow, final LaneStats conv,
            final LaneStats relu) {
        final int bound = SPECIES.loopBound(ow);
        for (int block = 0; block < bound; block += BLOCK * LANES) {
            final int end = Math.min(bound, block + BLOCK * LANES);
            negateBlock(source, out, block, end);
            reluBlock(out, block, end, conv, relu);
        }
        for (int x = bound; x < ow; x++) {
            out[x] = 0f - source[x];
        }
        reluTail(out, bound, ow, conv, relu);
    }

    /** {@code out[x] = 0f - source[x]} for x in [from, to), whole vectors. */
    private static void negateBlock(final float[] source, final float[] out, final int from, final int to) {
        final FloatVector zero = FloatVector.zero(SPECIES);
        for (int x = from; x < to; x += LANES) {
            zero.sub(FloatVector.fromArray(SPECIES, source, x)).intoArray(out, x);
        }
    }

    /**
     * Adds conv row {@code row[0..ow)} to {@code conv} and its ReLU to {@code relu}, and rectifies it in place: the
     * second half of {@link #convolveRelu}, for a row that was needed before its ReLU.
     */
    static void relu(final float[] row, final int ow, final LaneStats conv, final LaneStats relu) {
        final int bound = SPECIES.loopBound(ow);
        for (int block = 0; block < bound; block += BLOCK * LANES) {
            reluBlock(row, block, Math.min(bound, block + BLOCK * LANES), conv, relu);
        }
        reluTail(row, bound, ow, conv, relu);
    }

    /** Adds {@code row[0..n)}, which is not modified, to {@code stats}. */
    static void addRow(final float[] row, final int n, final LaneStats stats) {
        addRow(row, 0, n, stats);
    }

    /** Adds {@code row[at..at + n)}, which is not modified, to {@code stats}. */
    static void addRow(final float[] row, final int at, final int n, final LaneStats stats) {
        final int bound = at + SPECIES.loopBound(n);
        for (int block = at; block < bound; block += BLOCK * LANES) {
            statsBlock(row, block, Math.min(bound, block + BLOCK * LANES), stats);
        }
        for (int x = bound; x < at + n; x++) {
            stats.addScalar(row[x]);
        }
        stats.rows++;
    }

    private static void convolveBlock(final float[][] rows, final float[] k, final int kh, final int kw,
            final float[] out, final int from, final int to) {
        if (kh == 3 && kw == 3) {
            final float[] a = rows[0];
            final float[] b = rows[1];
            final float[] c = rows[2];
            final FloatVector zero = FloatVector.zero(SPECIES);
            for (int x = from; x < to; x += LANES) {
                zero.add(FloatVector.fromArray(SPECIES, a, x).mul(k[0]))
                        .add(FloatVector.fromArray(SPECIES, a, x + 1).mul(k[1]))
                        .add(FloatVector.fromArray(SPECIES, a, x + 2).mul(k[2]))
                        .add(FloatVector.fromArray(SPECIES, b, x).mul(k[3]))
                        .add(FloatVector.fromArray(SPECIES, b, x + 1).mul(k[4]))
                        .add(FloatVector.fromArray(SPECIES, b, x + 2).mul(k[5]))
                        .add(FloatVector.fromArray(SPECIES, c, x).mul(k[6]))
                        .add(FloatVector.fromArray(SPECIES, c, x + 1).mul(k[7]))
                        .add(FloatVector.fromArray(SPECIES, c, x + 2).mul(k[8]))
                        .intoArray(out, x);
            }
        } else if (kh == 5 && kw == 5) {
            // a kernel row per sweep over the block, the partial sums kept in out; the first starts them at 0f
            final float[] in0 = rows[0];
            final FloatVector zero = FloatVector.zero(SPECIES);
            for (int x = from; x < to; x += LANES) {
                zero.add(FloatVector.fromArray(SPECIES, in0, x).mul(k[0]))
                        .add(FloatVector.fromArray(SPECIES, in0, x + 1).mul(k[1]))
                        .add(FloatVector.fromArray(SPECIES, in0, x + 2).mul(k[2]))
                        .add(FloatVector.fromArray(SPECIES, in0, x + 3).mul(k[3]))
                        .add(FloatVector.fromArray(SPECIES, in0, x + 4).mul(k[4]))
                        .intoArray(out, x);
            }
            for (int r = 1; r < 5; r++) {
                final float[] in = rows[r];
                final int t = 5 * r;
                for (int x = from; x < to; x += LANES) {
                    FloatVector.fromArray(SPECIES, out, x)
                            .add(FloatVector.fromArray(SPECIES, in, x).mul(k[t]))
                            .add(FloatVector.fromArray(SPECIES, in, x + 1).mul(k[t + 1]))
                            .add(FloatVector.fromArray(SPECIES, in, x + 2).mul(k[t + 2]))
                            .add(FloatVector.fromArray(SPECIES, in, x + 3).mul(k[t + 3]))
                            .add(FloatVector.fromArray(SPECIES, in, x + 4).mul(k[t + 4]))
                            .intoArray(out, x);
                }
            }
        } else {
            // a tap per sweep; the first starts each sum at 0f instead of reading the block
            for (int x = from; x < to; x += LANES) {
                FloatVector.zero(SPECIES).add(FloatVector.fromArray(SPECIES, rows[0], x).mul(k[0])).intoArray(out, x);
            }
            for (int t = 1; t < kh * kw; t++) {
                final float[] in = rows[t / kw];
                final int c = t % kw;
                final float w = k[t];
                for (int x = from; x < to; x += LANES) {
                    FloatVector.fromArray(SPECIES, out, x).add(FloatVector.fromArray(SPECIES, in, x + c).mul(w))
                            .intoArray(out, x);
                }
            }
        }
    }

    /** Every tap of output column {@code x}, in the same order as the vector loops. */
    private static float convolveAt(final float[][] rows, final float[] kernel, final int kh, final int kw,
            final int x) {
        float acc = 0f;
        for (int r = 0, t = 0; r < kh; r++) {
            final float[] in = rows[r];
            for (int c = 0; c < kw; c++, t++) {
                acc += kernel[t] * in[x + c];
            }
        }
        return acc;
    }

    /**
     * The statistics of the conv values {@code row[from..to)} and of their ReLU, which replaces them. Two vectors a
     * step, each with its own accumulators: with a single set every step waits for the previous one's compares, blends
     * and adds (the seed bank's engine pass took 30 ms against 26 on a 4096x4096 image). Zero counts are kept in
     * float lanes by masked adds (at most {@value #BLOCK} per lane, so exact), cheaper than moving each mask out to
     * count its bits.
     */
    private static void reluBlock(final float[] row, final int from, final int to, final LaneStats conv,
            final LaneStats relu) {
        final FloatVector zero = FloatVector.zero(SPECIES);
        final FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        final float convShift = conv.shift;
        final float reluShift = relu.shift;
        FloatVector min = FloatVector.fromArray(SPECIES, conv.laneMin, 0);
        FloatVector max = FloatVector.fromArray(SPECIES, conv.laneMax, 0);
        FloatVector min2 = min;
        FloatVector max2 = max;
        FloatVector convSum = zero;
        FloatVector convSum2 = zero;
        FloatVector convSquares = zero;
        FloatVector convSquares2 = zero;
        FloatVector reluSum = zero;
        FloatVector reluSum2 = zero;
        FloatVector reluSquares = zero;
        FloatVector reluSquares2 = zero;
        FloatVector negatives = zero;
        FloatVector negatives2 = zero;
        FloatVector positives = zero;
        FloatVector positives2 = zero;
        int x = from;
        for (; x + LANES < to; x += 2 * LANES) {
            final FloatVector v = FloatVector.fromArray(SPECIES, row, x);
            final FloatVector u = FloatVector.fromArray(SPECIES, row, x + LANES);
            min = min.blend(v, v.lt(min));
            min2 = min2.blend(u, u.lt(min2));
            max = max.blend(v, v.compare(VectorOperators.GT, max));
            max2 = max2.blend(u, u.compare(VectorOperators.GT, max2));
            final VectorMask<Float> negative = v.lt(0f);
            final VectorMask<Float> negative2 = u.lt(0f);
            negatives = negatives.add(one, negative);
            negatives2 = negatives2.add(one, negative2);
            positives = positives.add(one, v.compare(VectorOperators.GT, 0f));
            positives2 = positives2.add(one, u.compare(VectorOperators.GT, 0f));
            final FloatVector d = v.sub(convShift);
            final FloatVector d2 = u.sub(convShift);
            convSum = convSum.add(d);
            convSum2 = convSum2.add(d2);
            convSquares = d.fma(d, convSquares);
            convSquares2 = d2.fma(d2, convSquares2);
            final FloatVector r = v.blend(zero, negative);
            final FloatVector r2 = u.blend(zero, negative2);
            r.intoArray(row, x);
            r2.intoArray(row, x + LANES);
            final FloatVector e = r.sub(reluShift);
            final FloatVector e2 = r2.sub(reluShift);
            reluSum = reluSum.add(e);
            reluSum2 = reluSum2.add(e2);
            reluSquares = e.fma(e, reluSquares);
            reluSquares2 = e2.fma(e2, reluSquares2);
        }
        if (x < to) {
            // the block's odd vector, into the first set
            final FloatVector v = FloatVector.fromArray(SPECIES, row, x);
            min = min.blend(v, v.lt(min));
            max = max.blend(v, v.compare(VectorOperators.GT, max));
            final VectorMask<Float> negative = v.lt(0f);
            negatives = negatives.add(one, negative);
            positives = positives.add(one, v.compare(VectorOperators.GT, 0f));
            final FloatVector d = v.sub(convShift);
            convSum = convSum.add(d);
            convSquares = d.fma(d, convSquares);
            final FloatVector r = v.blend(zero, negative);
            r.intoArray(row, x);
            final FloatVector e = r.sub(reluShift);
            reluSum = reluSum.add(e);
            reluSquares = e.fma(e, reluSquares);
        }
        min.blend(min2, min2.lt(min)).intoArray(conv.laneMin, 0);
        max.blend(max2, max2.compare(VectorOperators.GT, max)).intoArray(conv.laneMax, 0);
        final long positiveCount = (long) positives.add(positives2).reduceLanes(VectorOperators.ADD);
        conv.nonZero += (long) negatives.add(negatives2).reduceLanes(VectorOperators.ADD) + positiveCount;
        relu.nonZero += positiveCount;
        convSum.add(convSum2).intoArray(conv.blockSum, 0);
        convSquares.add(convSquares2).intoArray(conv.blockSquares, 0);
        reluSum.add(reluSum2).intoArray(relu.blockSum, 0);
        reluSquares.add(reluSquares2).intoArray(relu.blockSquares, 0);
        twoSums(conv);
        twoSums(relu);
    }

    /** As {@link #reluBlock} for the columns {@code [from, to)} past the last whole vector, and ends the row. */
    private static void reluTail(final float[] row, final int from, final int to, final LaneStats conv,
            final LaneStats relu) {
        for (int x = from; x < to; x++) {
            final float v = row[x];
            conv.addScalar(v);
            final float r = Math.max(v, 0f);
            row[x] = r;
            relu.addScalar(r);
        }
        conv.rows++;
        relu.rows++;
    }

    /** The statistics of {@code row[from..to)}, which is not modified; two vectors a step, as {@link #reluBlock}. */
    private static void statsBlock(final float[] row, final int from, final int to, final LaneStats stats) {
        final FloatVector zero = FloatVector.zero(SPECIES);
        final FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        final float shift = stats.shift;
        FloatVector min = FloatVector.fromArray(SPECIES, stats.laneMin, 0);
        FloatVector max = FloatVector.fromArray(SPECIES, stats.laneMax, 0);
        FloatVector min2 = min;
        FloatVector max2 = max;
        FloatVector sum = zero;
        FloatVector sum2 = zero;
        FloatVector squares = zero;
        FloatVector squares2 = zero;
        FloatVector nonZero = zero;
        FloatVector nonZero2 = zero;
        int x = from;
        for (; x + LANES < to; x += 2 * LANES) {
            final FloatVector v = FloatVector.fromArray(SPECIES, row, x);
            final FloatVector u = FloatVector.fromArray(SPECIES, row, x + LANES);
            min = min.blend(v, v.lt(min));
            min2 = min2.blend(u, u.lt(min2));
            max = max.blend(v, v.compare(VectorOperators.GT, max));
            max2 = max2.blend(u, u.compare(VectorOperators.GT, max2));
            nonZero = nonZero.add(one, v.compare(VectorOperators.NE, 0f));
            nonZero2 = nonZero2.add(one, u.compare(VectorOperators.NE, 0f));
            final FloatVector d = v.sub(shift);
            final FloatVector d2 = u.sub(shift);
            sum = sum.add(d);
            sum2 = sum2.add(d2);
            squares = d.fma(d, squares);
            squares2 = d2.fma(d2, squares2);
        }
        if (x < to) {
            final FloatVector v = FloatVector.fromArray(SPECIES, row, x);
            min = min.blend(v, v.lt(min));
            max = max.blend(v, v.compare(VectorOperators.GT, max));
            nonZero = nonZero.add(one, v.compare(VectorOperators.NE, 0f));
            final FloatVector d = v.sub(shift);
            sum = sum.add(d);
            squares = d.fma(d, squares);
        }
        min.blend(min2, min2.lt(min)).intoArray(stats.laneMin, 0);
        max.blend(max2, max2.compare(VectorOperators.GT, max)).intoArray(stats.laneMax, 0);
        stats.nonZero += (long) nonZero.add(nonZero2).reduceLanes(VectorOperators.ADD);
        sum.add(sum2).intoArray(stats.blockSum, 0);
        squares.add(squares2).intoArray(stats.blockSquares, 0);
        twoSums(stats);
    }

    /** Moves a block's sums into the high/low pairs of {@code stats}. */
    private static void twoSums(final LaneStats stats) {
        twoSum(stats.blockSum, stats.sumHigh, stats.sumLow);
        twoSum(stats.blockSquares, stats.squaresHigh, stats.squaresLow);
    }

    /**
     * Moves {@code partial} into {@code high + low} lane by lane with Knuth's branch-free two-sum, which is exact: the
     * only rounding left is in the plain additions within a block.
     */
    private static void twoSum(final float[] partial, final float[] high, final float[] low) {
        final FloatVector p = FloatVector.fromArray(SPECIES, partial, 0);
        final FloatVector h = FloatVector.fromArray(SPECIES, high, 0);
        final FloatVector s = h.add(p);
        final FloatVector hp = s.sub(p);
        final FloatVector err = h.sub(hp).add(p.sub(s.sub(hp)));
        FloatVector.fromArray(SPECIES, low, 0).add(err).intoArray(low, 0);
        s.intoArray(high, 0);
    }
}
