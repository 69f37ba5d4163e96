package org.convpool.engine;

/**
 * Receives the maps of the fused engine one row at a time, for example to render pictures without holding any
 * full-size map.
 *
 * <p>Rows of one map arrive in increasing {@code y}. Maps interleave: for each convolution row {@code y}, each filter's
 * conv row, then its relu row, then the pooled row that conv row completes, if any. Filters come in bank order, except
 * that a filter repeating an earlier one's weights (see {@link Engine#repeatOf}) gets each row right after that
 * filter, the very same values.
 */
@FunctionalInterface
public interface RowSink {
    /** A sink that ignores every row. */
    RowSink NONE = (stage, filter, y, row, width) -> {
    };

    /**
     * Called once per row of every conv, relu and pool map.
     *
     * @param stage  which map the row belongs to
     * @param filter 0-based filter index in bank order
     * @param y      0-based row index within that map
     * @param row    the row's {@code width} values in its first elements; the array is reused by the engine, so it is
     *               only valid during this call and must not be modified
     * @param width  the map's number of columns
     */
    void accept(Stage stage, int filter, int y, float[] row, int width);
}
