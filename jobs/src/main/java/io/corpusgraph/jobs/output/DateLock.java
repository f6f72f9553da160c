package io.corpusgraph.jobs.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;

import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Keeps two runs for the same run date from writing at once. A run writes four tables one after the
 * other; Delta makes each write atomic, but two runs interleaving their writes could leave one run's
 * documents beside the other's entities. So the write phase holds {@code <output>/_locks/run_date=<date>},
 * created atomically (create-if-absent); a second run for that date fails at once with a clear message,
 * and nothing of it is written. Runs for different dates never wait for each other.
 *
 * <p>A run killed while writing leaves the lock behind; the message says so, and deleting the file (once
 * no run is writing) lets the rerun proceed. Catalog outputs are not guarded.
 */
public final class DateLock implements AutoCloseable {

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
        byte[] holder = ("run " + runId + " since " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            createNew(fs, file, holder);
        } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
            throw new ConcurrentRunException("another run is writing run_date " + date + " to " + location.describeRoot()
                    + " (lock " + file + ": " + holder(fs, file) + "); nothing of this run was written. Rerun when it is done; "
                    + "if no run is writing, the lock is left from a killed run: delete it");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the lock " + file + ": " + e.getMessage(), e);
        }
        return new DateLock(fs, file);
    }

    /** Create-if-absent in one step: Hadoop's local file system checks then creates, so it goes through java.nio there. */
    private static void createNew(FileSystem fs, Path file, byte[] content) throws IOException {
        fs.mkdirs(file.getParent());
        if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
            java.nio.file.Files.write(java.nio.file.Path.of(file.toUri()), content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return;
        }
        try (OutputStream out = fs.create(file, false)) {  // atomic on HDFS
            out.write(content);
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
