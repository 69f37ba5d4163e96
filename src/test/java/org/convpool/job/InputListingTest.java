package org.convpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How files are packed into tasks: neither one task per small file nor many huge images in one task. */
class InputListingTest {
    private static final long MIB = 1L << 20;
    private static final long MAX = 128 * MIB;
    private static final long OPEN = 4 * MIB;

    private static List<ImageProcessor.InputFile> files(int count, long length) {
        List<ImageProcessor.InputFile> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(new ImageProcessor.InputFile("file:/in/" + length + "-" + i, length, 0));
        }
        return files;
    }

    private static int total(List<List<ImageProcessor.InputFile>> tasks) {
        return tasks.stream().mapToInt(List::size).sum();
    }

    @Test
    void manySmallFilesShareTasks() {
        List<List<ImageProcessor.InputFile>> tasks = InputListing.pack(files(10_000, 50_000), MAX, OPEN, 8);
        assertEquals(10_000, total(tasks));
        // each file costs 4 MiB + 50 kB: 31 fit in 128 MiB
        assertEquals(31, tasks.get(0).size());
        assertEquals((10_000 + 30) / 31, tasks.size());
    }

    @Test
    void hugeImagesGetTasksOfTheirOwn() {
        List<List<ImageProcessor.InputFile>> tasks = InputListing.pack(files(20, 300 * MIB), MAX, OPEN, 8);
        assertEquals(20, tasks.size());
        tasks.forEach(t -> assertEquals(1, t.size()));
    }

    @Test
    void aSmallDatasetIsSpreadOverTheCores() {
        List<List<ImageProcessor.InputFile>> tasks = InputListing.pack(files(16, 100_000), MAX, OPEN, 4);
        assertEquals(16, total(tasks));
        assertTrue(tasks.size() >= 4, "only " + tasks.size() + " tasks for 4 cores");
    }

    @Test
    void mixedSizesKeepEveryFileOnce() {
        List<ImageProcessor.InputFile> mixed = new ArrayList<>(files(100, 10_000));
        mixed.addAll(files(5, 200 * MIB));
        mixed.addAll(files(100, 2 * MIB));
        List<List<ImageProcessor.InputFile>> tasks = InputListing.pack(mixed, MAX, OPEN, 2);
        assertEquals(205, total(tasks));
        long previous = Long.MAX_VALUE;
        for (List<ImageProcessor.InputFile> t : tasks) {
            long cost = t.stream().mapToLong(f -> f.length() + OPEN).sum();
            assertTrue(t.size() == 1 || cost <= MAX, "a task of " + t.size() + " files costs " + cost);
            assertTrue(cost <= previous, "tasks come largest first");
            previous = cost;
        }
        // the huge images, listed in the middle, are the first tasks
        assertEquals(200 * MIB, tasks.get(0).get(0).length());
    }

    @Test
    void tasksShrinkWithTheWorkLeftSoThatTheCoresFinishTogether() {
        // 2 cores, 300 files of 1 MiB (5 MiB each with the open cost): 1500 MiB
        List<List<ImageProcessor.InputFile>> tasks = InputListing.pack(files(300, MIB), MAX, OPEN, 2);
        assertEquals(300, total(tasks));
        long unit = MIB + OPEN;
        // the first takes a quarter of the whole (1 / (2 * cores)), up to maxPartitionBytes: 25 files
        assertEquals(MAX / unit, tasks.get(0).size());
        // the last ones are no smaller than the total over 16 tasks per core (1500 / 32 MiB, 9 files), but for what
        // is left over at the very end
        int small = tasks.get(tasks.size() - 2).size();
        assertTrue(small >= 9 && small < 25, "the last tasks have " + small + " files");
        assertTrue(tasks.get(tasks.size() - 1).size() <= small);
        // and the rest shrink in between: more tasks than with equal budgets of a quarter each, not many more
        assertTrue(tasks.size() > 12 && tasks.size() <= 32, tasks.size() + " tasks");
        for (int i = 1; i < tasks.size(); i++) {
            assertTrue(tasks.get(i).size() <= tasks.get(i - 1).size(), "largest first");
        }
    }

    @Test
    void nothingToDoGivesNoTasks() {
        assertEquals(List.of(), InputListing.pack(List.of(), MAX, OPEN, 4));
    }
}
