package org.convpool.job;

import java.util.Locale;

/** What to do when {@code --output} already holds a run. */
public enum OutputMode {
    /** Refuse to start; the existing run is not touched. */
    ERROR,
    /** Delete the existing run's outputs, then run. */
    OVERWRITE,
    /** Keep the existing results and process only the inputs they lack. */
    RESUME;

    /** The option value as users type it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
