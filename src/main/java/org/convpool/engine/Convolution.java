package org.convpool.engine;

import java.util.Objects;

/**
 * 2-D cross-correlation of one float32 channel with one kernel, as {@code torch.nn.functional.conv2d} computes it.
 *
 * <p>{@code out[y][x] = sum over r, c of kernel[r][c] * in[y*stride + r - padding][x*stride + c - padding]}, the
 * kernel not flipped, input outside the image read as 0. Each output sums its taps in float32 in row-major order
 * (r, then c), which reproduces PyTorch's direct convolution bit for bit. This class checks arguments; the loops live
 * in {@link ConvolutionStandard}.
 */
public final class Convolution {
    private Convolution() {
    }

    /**
     * Convolves {@code in} with {@code kernel} into {@code out}.
     *
     * @param in      {@code height * width} input values, row-major (a longer array is fine)
     * @param height  input rows, at least 1
     * @param width   input columns, at least 1
     * @param kernel  {@code kh * kw} weights, row-major
     * @param kh      kernel rows, at least 1
     * @param kw      kernel columns, at least 1
     * @param stride  step between output positions, at least 1
     * @param padding zeros assumed on every side of the input, at least 0
     * @param out     receives {@code oh * ow} values, row-major, with sizes from {@link Geometry#outSize}; only those
     *                elements are written, and nothing at all when a size is 0
     * @throws IllegalArgumentException if a size is out of range or an array is too short
     */
    public static void convolve(float[] in, int height, int width, float[] kernel, int kh, int kw, int stride,
            int padding, float[] out) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(out, "out");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input size must be positive, not " + height + "x" + width);
        }
        if (kh < 1 || kw < 1) {
            throw new IllegalArgumentException("kernel size must be positive, not " + kh + "x" + kw);
        }
        requireLength("in", in, (long) height * width);
        requireLength("kernel", kernel, (long) kh * kw);
        final int oh = Geometry.outSize(height, kh, stride, padding);
        final int ow = Geometry.outSize(width, kw, stride, padding);
        if (oh == 0 || ow == 0) {
            return;
        }
        requireLength("out", out, (long) oh * ow);
        ConvolutionStandard.convolve(in, height, width, kernel, kh, kw, stride, padding, out, oh, ow);
    }

    private static void requireLength(String name, float[] array, long needed) {
        if (array.length < needed) {
            throw new IllegalArgumentException(name + " has " + array.length + " elements but needs " + needed);
        }
    }
}
