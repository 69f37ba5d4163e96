package org.convpool.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReluTest {
    @Test
    void clampsNegativesToPositiveZeroAndLeavesTheRest() {
        final float[] a = {-1.5f, 0f, -0f, 2.5f, -Float.MIN_VALUE, Float.NEGATIVE_INFINITY, Float.NaN, -7f};
        Relu.inPlace(a, 7);
        assertEquals(0f, a[0]);
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(a[1]));
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(a[2]), "-0 becomes +0");
        assertEquals(2.5f, a[3]);
        assertEquals(0f, a[4]);
        assertEquals(0f, a[5]);
        assertTrue(Float.isNaN(a[6]));
        assertEquals(-7f, a[7], "beyond n");
    }

    @Test
    void refusesBadLength() {
        assertThrows(IllegalArgumentException.class, () -> Relu.inPlace(new float[3], 4));
        assertThrows(IllegalArgumentException.class, () -> Relu.inPlace(new float[3], -1));
        final float[] empty = {-1f};
        Relu.inPlace(empty, 0);
        assertArrayEquals(new float[] {-1f}, empty);
    }
}
