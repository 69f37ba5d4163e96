package org.convpool.engine;

import java.util.Arrays;

/**
 * The plain engine behind {@link Engine#run(GreyImage, MapSink)}: each filter's whole conv map, then ReLU in place,
 * then pooling, each followed by {@link MapStatistics}. Simple and obviously right, and the reference the fused engine
 * is tested against; it holds a float copy of the image and one full-size map, so it needs about 9 bytes per pixel.
 * Arguments are trusted.
 */
final class EngineStandard {
    private EngineStandard() {
    }

    static Features run(float[][] kernels, int kh, int kw, Geometry geometry, GreyImage image, MapSink sink) {
        final int height = image.height();
        final int width = image.width();
        final int oh = geometry.convHeight(height, kh);
        final int ow = geometry.convWidth(width, kw);
        final int ph = geometry.pooledHeight(height, kh);
        final int pw = geometry.pooledWidth(width, kw);
        final int channels = kernels.length;
        final int convSize = Engine.arraySize("a convolution map", (long) oh * ow);
        final int pooledSize = ph * pw;
        final float[] pooled = new float[Engine.arraySize("the pooled maps", (long) channels * pooledSize)];

        final float[] input = scale(image.pixels(), image.width() * image.height());
        final float[] map = new float[convSize];
        final MapStats[] stats = new MapStats[3 * channels];
        for (int c = 0; c < channels; c++) {
            Convolution.convolve(input, height, width, kernels[c], kh, kw, geometry.stride(), geometry.padding(), map);
            stats[c] = MapStatistics.of(Stage.CONV, c, map, oh, ow);
            sink.accept(Stage.CONV, c, map, oh, ow);

            Relu.inPlace(map, convSize);
            stats[channels + c] = MapStatistics.of(Stage.RELU, c, map, oh, ow);
            sink.accept(Stage.RELU, c, map, oh, ow);

            // pooling in place: the activated map is no longer needed, and no second buffer is
            MaxPool.pool(map, oh, ow, geometry.pool(), geometry.poolStride(), map);
            stats[2 * channels + c] = MapStatistics.of(Stage.POOL, c, map, ph, pw);
            sink.accept(Stage.POOL, c, map, ph, pw);
            System.arraycopy(map, 0, pooled, c * pooledSize, pooledSize);
        }
        return new Features(height, width, channels, ph, pw, pooled, Arrays.asList(stats));
    }

    private static float[] scale(byte[] pixels, int n) {
        final float[] scale = GreyLevels.SCALED;
        final float[] scaled = new float[n];
        for (int i = 0; i < n; i++) {
            scaled[i] = scale[pixels[i] & 0xFF];
        }
        return scaled;
    }
}
