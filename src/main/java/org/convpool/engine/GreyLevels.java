package org.convpool.engine;

/** The contract's scaling of 8-bit grey levels to float32. */
final class GreyLevels {
    /** {@code (float) g / 255f} for every grey level g: float32 division, as {@code gray.astype("float32") / 255}. */
    static final float[] SCALED = new float[256];

    static {
        for (int g = 0; g < 256; g++) {
            SCALED[g] = (float) g / 255f;
        }
    }

    private GreyLevels() {
    }
}
