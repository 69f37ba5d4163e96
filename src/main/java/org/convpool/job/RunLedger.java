package org.convpool.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The record of which inputs a run has committed, kept under {@code _convpool/batches/} of the
 * output, so that {@code --mode resume} processes only what is missing.
 *
 * <p>A run works in batches. Before a batch is processed its inputs are written to
 * {@code <n>.pending.json}; once Spark has committed the batch's rows to {@code features/},
 * {@code stats/} and {@code errors/}, {@code <n>.json} names those inputs (with their size and
 * modification time) and the table files that hold their rows, and the pending record goes.
 * Table files that no committed record names belong to a batch that never finished, and
 * {@link #recover} deletes them, so every input's rows are in the tables exactly once or not at
 * all.
 */
final class RunLedger {
    static final List<String> TABLES = List.of(OutputLayout.FEATURES, OutputLayout.STATS, OutputLayout.ERRORS);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PENDING = ".pending.json";
    private static final String COMMITTED = ".json";

    private final FileSystem fs;
    private final OutputLayout layout;
    private final Path dir;

    /** One committed batch: its inputs and the table files that hold their rows. */
    record Batch(int id, List<ImageProcessor.InputFile> inputs, Map<String, List<String>> files, Integer replaces) {
    }

    RunLedger(FileSystem fs, OutputLayout layout) {
        this.fs = fs;
        this.layout = layout;
        this.dir = new Path(layout.path(OutputLayout.STATE), "batches");
    }

    /** Forgets every batch (for a run that starts afresh). */
    void clear() throws IOException {
        fs.delete(dir, true);
    }

    /** The committed batches, in id order. */
    List<Batch> committed() throws IOException {
        List<Batch> batches = new ArrayList<>();
        for (FileStatus s : list(dir)) {
            String name = s.getPath().getName();
            if (name.endsWith(COMMITTED) && !name.endsWith(PENDING) && !name.startsWith(".")) {
                batches.add(read(s.getPath()));
            }
        }
        batches.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return batches;
    }

    /** A number no batch of this run has used. */
    int nextId() throws IOException {
        int max = 0;
        for (FileStatus s : list(dir)) {
            String name = s.getPath().getName();
            int dot = name.indexOf('.');
            if (dot > 0) {
                try {
                    max = Math.max(max, Integer.parseInt(name.substring(0, dot)));
                } catch (NumberFormatException e) {
                    // not a batch record
                }
            }
        }
        return max + 1;
    }

    /** Notes that a batch is about to be processed. */
    void pending(int id, List<ImageProcessor.InputFile> inputs) throws IOException {
        write(recordPath(id, PENDING), new Batch(id, inputs, Map.of(), null));
    }

    /** Records a batch whose rows Spark has committed; from now on its inputs count as done. */
    void commit(Batch batch) throws IOException {
        write(recordPath(batch.id(), COMMITTED), batch);
        fs.delete(recordPath(batch.id(), PENDING), false);
        if (batch.replaces() != null) {
            drop(batch.replaces());
        }
    }

    /**
     * Brings the output back to a state where every table file belongs to a committed batch:
     * finishes replacements a killed run left half done, deletes the files of batches that never
     * committed and Spark's temporary folders.
     *
     * @return the inputs of batches that never committed (their pictures may be partial)
     */
    List<ImageProcessor.InputFile> recover() throws IOException {
        List<Batch> batches = committed();
        Set<Integer> ids = new HashSet<>();
        for (Batch b : batches) {
            ids.add(b.id());
        }
        for (Batch b : batches) {
            if (b.replaces() != null && ids.remove(b.replaces())) {
                drop(b.replaces());
            }
        }
        Map<String, Set<String>> keep = new HashMap<>();
        for (Batch b : committed()) {
            for (Map.Entry<String, List<String>> e : b.files().entrySet()) {
                keep.computeIfAbsent(e.getKey(), k -> new HashSet<>()).addAll(e.getValue());
            }
        }
        for (String table : TABLES) {
            Set<String> allowed = keep.getOrDefault(table, Set.of());
            for (FileStatus s : list(layout.path(table))) {
                String name = s.getPath().getName();
                if (!allowed.contains(name) && !name.equals("_SUCCESS")) {
                    fs.delete(s.getPath(), true);
                }
            }
        }
        List<ImageProcessor.InputFile> unfinished = new ArrayList<>();
        for (FileStatus s : list(dir)) {
            if (s.getPath().getName().endsWith(PENDING)) {
                unfinished.addAll(read(s.getPath()).inputs());
                fs.delete(s.getPath(), false);
            }
        }
        return unfinished;
    }

    /** The names of the files now in each table folder. */
    Map<String, Set<String>> tableFiles() throws IOException {
        Map<String, Set<String>> files = new LinkedHashMap<>();
        for (String table : TABLES) {
            Set<String> names = new HashSet<>();
            for (FileStatus s : list(layout.path(table))) {
                if (s.isFile() && s.getPath().getName().endsWith(".parquet")) {
                    names.add(s.getPath().getName());
                }
            }
            files.put(table, names);
        }
        return files;
    }

    private void drop(int id) throws IOException {
        Path record = recordPath(id, COMMITTED);
        Batch old;
        try {
            old = read(record);
        } catch (FileNotFoundException e) {
            return;
        }
        for (Map.Entry<String, List<String>> e : old.files().entrySet()) {
            for (String name : e.getValue()) {
                fs.delete(new Path(layout.path(e.getKey()), name), false);
            }
        }
        fs.delete(record, false);
    }

    private Path recordPath(int id, String suffix) {
        return new Path(dir, String.format("%08d%s", id, suffix));
    }

    private Collection<FileStatus> list(Path folder) throws IOException {
        try {
            return List.of(fs.listStatus(folder));
        } catch (FileNotFoundException e) {
            return List.of();
        }
    }

    private void write(Path path, Batch batch) throws IOException {
        // Written aside, then renamed: a reader never sees half a record.
        Path tmp = new Path(path.getParent(), "." + path.getName() + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
            JSON.writeValue(out, batch);
        }
        fs.delete(path, false);
        if (!fs.rename(tmp, path)) {
            throw new IOException("could not rename " + tmp + " to " + path);
        }
    }

    private Batch read(Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return JSON.readValue(in, Batch.class);
        }
    }
}
