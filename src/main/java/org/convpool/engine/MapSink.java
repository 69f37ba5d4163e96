package org.convpool.engine;

/** Receives each map as the engine computes it, for example to render it as a picture. */
@FunctionalInterface
public interface MapSink {
    /** A sink that ignores every map. */
    MapSink NONE = (stage, filter, map, height, width) -> {
    };

    /**
     * Called once per stage and filter, in pipeline order per filter: conv, relu, pool.
     *
     * @param stage  which map this is
     * @param filter 0-based filter index in bank order
     * @param map    the map's {@code height * width} values, row-major, in the first elements of the array; the array
     *               is reused by the engine, so it is only valid during this call and must not be modified
     * @param height map rows
     * @param width  map columns
     */
    void accept(Stage stage, int filter, float[] map, int height, int width);
}
