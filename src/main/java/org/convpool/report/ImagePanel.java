package org.convpool.report;

import java.util.List;

/**
 * One image as the report shows it: a small picture of the grey input the engine saw, and of
 * each filter's activated (ReLU) and pooled maps, each map stretched to its own range.
 *
 * @param path the input's path as in the tables
 * @param why why this image is shown (for example "sample" or "strongest highpass response")
 * @param width the decoded width
 * @param height the decoded height
 * @param input a PNG of the grey input, scaled down
 * @param relu one picture per filter
 * @param pool one picture per filter
 */
public record ImagePanel(String path, String why, int width, int height, byte[] input, List<MapPicture> relu,
        List<MapPicture> pool) implements java.io.Serializable {

    /**
     * A scaled-down PNG of one map and the range of values its grey levels stand for.
     *
     * @param png the picture's bytes
     * @param min the value shown as black
     * @param max the value shown as white
     */
    public record MapPicture(byte[] png, double min, double max) implements java.io.Serializable {
    }
}
