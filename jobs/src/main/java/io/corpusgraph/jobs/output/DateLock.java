package io.corpusgraph.jobs.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.UUID;

import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.corpusgraph.jobs.JobSetupException;

/**
 * Keeps two runs for the same run date from writing at once. A run writes four tables one after the
 * other; Delta makes each write atomic, but two runs interleaving their writes could leave one run's
 * documents beside the other's entities. So the write phase holds {@code <output>/_locks/run_date=<date>},
 * created atomically (create-if-absent). The run takes it before it extracts anything ({@code ExtractRun}), so
 * a second run for that date fails at once with a clear message (exit code 3, {@code Launcher.LOCKED}),
 * having neither extracted nor written anything. Runs for different dates never wait for each other.
 *
 * <p>A run killed while writing leaves the lock behind. The lock names its holder ({@link LockHolder}: run,
 * host, pid and process start); when that process is gone from this host, the next run for the date takes
 * the lock over (logged as a warning). A lock held from another host, or one without a holder line, is
 * never taken over: the message says to delete it once no run is writing. Catalog outputs are not guarded.
 */
public final class DateLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DateLock.class);

    private final FileSystem fs;
    private final Path file;

    private DateLock(FileSystem fs, Path file) {
        this.fs = fs;
        this.file = file;
    }

    /** Null for catalog outputs, which have no folder to hold the lock. */
    public static DateLock acquire(TableLocation location, LocalDate date, String runId) {
        if (location.inCatalog()) {
            return null;
        }
        Path file = new Path(location.lockFolder(), Table.RUN_DATE + "=" + date);
        FileSystem fs = location.fileSystem();
        byte[] holder = (LockHolder.current(runId).line() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (!createNew(fs, file, holder)) {
                String held = holder(fs, file);
                if (!takeOverFromGoneHolder(fs, file, held) || !createNew(fs, file, holder)) {
                    throw new ConcurrentRunException("another run is writing run_date " + date + " to " + location.describeRoot()
                            + " (lock " + file + ": " + held + "); nothing of this run was written. Rerun when it is done. A lock whose "
                            + "process is gone from this host is taken over; if no run is writing, this one was left by a run "
                            + "killed on another host: delete it");
                }
            }
        } catch (IOException e) {
            throw new JobSetupException("output.path: cannot create the lock " + file + " (" + e.getMessage()
                    + "); make the output folder writable or choose another with --output", e);
        }
        return new DateLock(fs, file);
    }

    /**
     * Removes a lock whose holder process is gone from this host. The lock is first renamed to a name of
     * its own, which only one of several runs doing this at once can do; the renamed file is then checked
     * to still be the gone holder's, so that a lock taken meanwhile by a live run is put back, not removed.
     */
    private static boolean takeOverFromGoneHolder(FileSystem fs, Path file, String held) throws IOException {
        if (LockHolder.parse(held).filter(LockHolder::isGoneFromThisHost).isEmpty()) {
            return false;
        }
        Path claimed = new Path(file.getParent(), file.getName() + ".stale-" + UUID.randomUUID());
        if (!fs.rename(file, claimed)) {
            return false;
        }
        if (!holder(fs, claimed).equals(held)) {
            fs.rename(claimed, file);
            return false;
        }
        fs.delete(claimed, false);
        LOG.warn("took over the lock {} from a run that is gone ({})", file, held);
        return true;
    }

    /**
     * Create-if-absent in one step; false when the lock exists. Hadoop's local file system checks then
     * creates, so it goes through java.nio there.
     */
    private static boolean createNew(FileSystem fs, Path file, byte[] content) throws IOException {
        fs.mkdirs(file.getParent());
        try {
            if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
                java.nio.file.Files.write(java.nio.file.Path.of(file.toUri()), content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            }
            try (OutputStream out = fs.create(file, false)) {  // atomic on HDFS
                out.write(content);
            }
            return true;
        } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
            return false;
        }
    }

    private static String holder(FileSystem fs, Path file) {
        try (var in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    @Override
    public void close() {
        try {
            fs.delete(file, false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove the lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Another run holds the run date. */
    public static final class ConcurrentRunException extends RuntimeException {
        ConcurrentRunException(String message) {
            super(message);
        }
    }
}
