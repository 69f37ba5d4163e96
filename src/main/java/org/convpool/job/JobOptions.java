package org.convpool.job;

import java.io.Serializable;
import java.util.Objects;
import org.convpool.engine.Geometry;
import org.convpool.image.DecodeLimits;

/**
 * Everything a run needs once the command line has been checked: small, immutable and
 * serialisable, so that executors receive these values rather than the driver's config objects.
 */
public final class JobOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String input;
    private final String output;
    private final String filters;
    private final Geometry geometry;
    private final boolean png;
    private final OutputMode mode;
    private final DecodeLimits limits;
    private final long maxBytes;
    private final boolean report;

    /**
     * @param input the input directory as the user gave it (local path or Hadoop URI)
     * @param output the output directory as the user gave it
     * @param filters the filter-bank file, or {@code null} for the seed bank
     * @param geometry convolution and pooling parameters
     * @param png whether to write the PNG pictures
     * @param mode what to do with an existing run under {@code output}
     * @param limits decoder limits (pixels)
     * @param maxBytes largest input file read, in bytes
     * @param report whether to write the HTML report
     */
    public JobOptions(String input, String output, String filters, Geometry geometry, boolean png,
            OutputMode mode, DecodeLimits limits, long maxBytes, boolean report) {
        this.input = Objects.requireNonNull(input, "input");
        this.output = Objects.requireNonNull(output, "output");
        this.filters = filters;
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.png = png;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.maxBytes = maxBytes;
        this.report = report;
    }

    public String input() {
        return input;
    }

    public String output() {
        return output;
    }

    /** The filter-bank file, or {@code null} when the built-in seed bank is used. */
    public String filters() {
        return filters;
    }

    public Geometry geometry() {
        return geometry;
    }

    public boolean png() {
        return png;
    }

    public OutputMode mode() {
        return mode;
    }

    public DecodeLimits limits() {
        return limits;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public boolean report() {
        return report;
    }
}
