package org.convpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convpool.engine.Engine;
import org.convpool.engine.FilterBank;
import org.convpool.engine.Geometry;
import org.junit.jupiter.api.Test;

/** The local-mode warm-up: when it runs, and that its decoding and engine passes work and end by themselves. */
class WarmupTest {
    @Test
    void onlyWhereTheExecutorsWorkInThisJvmAndACoreIsSpare() {
        assertTrue(Warmup.wanted("local", 2));
        assertTrue(Warmup.wanted("local[*]", 8));
        assertTrue(Warmup.wanted("local[2]", 4));
        assertFalse(Warmup.wanted("local[*]", 1));
        assertFalse(Warmup.wanted("local-cluster[2,1,1024]", 8));
        assertFalse(Warmup.wanted("yarn", 8));
        assertFalse(Warmup.wanted("spark://host:7077", 8));
        assertFalse(Warmup.wanted("k8s://https://host:6443", 8));
    }

    @Test
    void decodesAndRunsTheEngineUntilCompiledOrOutOfTime() {
        Engine seed = new Engine(FilterBank.seed(), Geometry.defaults());
        // every round decodes a JPEG and a PNG made by ImageIO and runs the engine; a failure would give 0 rounds
        int rounds = Warmup.run(seed, true, 60_000);
        assertTrue(rounds >= 1, rounds + " rounds");
        assertTrue(Warmup.run(seed, false, 1) >= 1, "at least one round, however short the time");
    }

    @Test
    void filtersLargerThanItsPhotoLeaveNothingToDo() {
        Engine huge = new Engine(FilterBank.seed(), new Geometry(1, 0, 400, 400));
        assertEquals(0, Warmup.run(huge, true, 60_000));
    }
}
