package org.convpool.engine;

/** The three maps the engine computes per filter, in pipeline order. */
public enum Stage {
    CONV("conv"),
    RELU("relu"),
    POOL("pool");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** The lower-case name used in output tables and file names: {@code conv}, {@code relu} or {@code pool}. */
    public String label() {
        return label;
    }
}
