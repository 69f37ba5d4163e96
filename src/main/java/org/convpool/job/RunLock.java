package org.convpool.job;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Keeps two runs from writing to the same {@code --output} at once. The lock is a file created
 * exclusively; its owner touches it while the run lasts. A lock whose owner is gone (a driver
 * killed with SIGKILL cannot remove it) is taken over: at once when the owner was a process on
 * this host that no longer exists, otherwise once it has not been touched for the stale time.
 */
final class RunLock implements AutoCloseable {
    /** How often the owner touches the lock. */
    static final long HEARTBEAT_MILLIS = 10_000;

    private final FileSystem fs;
    private final Path path;
    private final Thread heartbeat;

    private RunLock(FileSystem fs, Path path) {
        this.fs = fs;
        this.path = path;
        this.heartbeat = new Thread(this::beat, "convpool-lock-heartbeat");
        this.heartbeat.setDaemon(true);
        this.heartbeat.start();
    }

    /**
     * Takes the lock of the run directory, or explains who holds it.
     *
     * @param staleMillis how long an untouched lock of another host stays valid
     * @throws UsageException if another live run holds it
     */
    static RunLock acquire(FileSystem fs, Path path, long staleMillis) throws UsageException, IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (OutputStream out = fs.create(path, false)) {
                Properties p = new Properties();
                p.setProperty("host", host());
                p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
                p.setProperty("started", Instant.now().toString());
                p.store(out, "convpool run lock");
                return new RunLock(fs, path);
            } catch (FileAlreadyExistsException e) {
                takeOverIfStale(fs, path, staleMillis);
            } catch (IOException e) {
                // Some file systems report an existing file with a plain IOException.
                if (!fs.exists(path)) {
                    throw e;
                }
                takeOverIfStale(fs, path, staleMillis);
            }
        }
        throw new UsageException("another convpool run took the lock " + path + " at the same moment; wait for it"
                + " to finish, or choose another --output");
    }

    private static void takeOverIfStale(FileSystem fs, Path path, long staleMillis) throws UsageException, IOException {
        Properties owner = new Properties();
        FileStatus status;
        try (InputStream in = fs.open(path)) {
            owner.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            status = fs.getFileStatus(path);
        } catch (FileNotFoundException gone) {
            return; // released meanwhile: try again
        }
        String host = owner.getProperty("host", "?");
        String pid = owner.getProperty("pid", "?");
        boolean deadHere = host.equals(host()) && !processAlive(pid);
        long idle = System.currentTimeMillis() - status.getModificationTime();
        if (!deadHere && idle < staleMillis) {
            throw new UsageException("another convpool run (process " + pid + " on " + host + ", started "
                    + owner.getProperty("started", "?") + ") is writing to this --output; wait for it to finish,"
                    + " or choose another --output (if that run is dead, its lock " + path + " expires "
                    + Math.max(1, (staleMillis - idle) / 1000) + " s after its last heartbeat)");
        }
        fs.delete(path, false);
    }

    private static boolean processAlive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // unknown owner: rely on the heartbeat
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private void beat() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(HEARTBEAT_MILLIS);
                fs.setTimes(path, System.currentTimeMillis(), -1);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                // A missed heartbeat only shortens how long others wait for a dead run.
            }
        }
    }

    @Override
    public void close() throws IOException {
        heartbeat.interrupt();
        fs.delete(path, false);
    }
}
