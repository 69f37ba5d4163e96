package org.convpool.job;

import java.io.IOException;

/**
 * An output stream that takes floats as their little-endian bytes straight from a float array, without a byte array
 * of them in between ({@link LocalParquetFile}'s stream does; {@link FeatureFileWriter} uses it for the pooled maps).
 */
interface FloatSink {
    /** Writes {@code values[from .. from + count)}, 4 little-endian bytes each, as the stream's next bytes. */
    void writeFloats(float[] values, int from, int count) throws IOException;
}
