package io.corpusgraph.jobs.graph;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import io.corpusgraph.jobs.JobSetupException;

/**
 * The export's folder on any Hadoop file system. Spark leaves _SUCCESS and .crc files beside its part
 * files; consumers that take "every file in the folder" (neo4j-admin's file patterns, RDF loaders)
 * should find only data, so they go.
 *
 * <p>The export deletes only what an export wrote: the folder must not overlap the tables' folder
 * (neither inside the other), and a folder that already holds anything must carry the {@link #MARKER}
 * file an earlier export left; then only its {@code neo4j/} and {@code nquads/} sub-folders are replaced.
 */
final class FeedFolder {

    /** Written first into every feed folder: the proof that the folder is the export's to replace. */
    static final String MARKER = ".corpusgraph-feed";
    /** What an export writes below the folder, and so all it ever deletes. */
    static final String[] OWN_FOLDERS = {"neo4j", "nquads"};

    private final FileSystem fs;
    private final Path root;

    private FeedFolder(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /**
     * Opens and checks the folder, writing nothing: fails when it overlaps {@code tablesFolder} (null: not
     * known, e.g. a catalog database without a location) or holds files that no export wrote.
     */
    static FeedFolder open(SparkSession spark, String path, Path tablesFolder) {
        Path given = new Path(path);
        FeedFolder folder;
        try {
            FileSystem fs = given.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.setWriteChecksum(false);  // no .crc files beside the header files
            folder = new FeedFolder(fs, fs.makeQualified(given));
        } catch (IOException e) {
            throw new JobSetupException("graph-export.path: " + path + " (" + e.getMessage() + ")", e);
        }
        folder.checkApartFrom(tablesFolder);
        folder.checkOwned();
        return folder;
    }

    Path root() {
        return root;
    }

    Path path(String relative) {
        return new Path(root, relative);
    }

    private void checkApartFrom(Path tablesFolder) {
        if (tablesFolder == null) {
            return;
        }
        String feed = withSlash(root);
        String tables = withSlash(tablesFolder);
        if (feed.startsWith(tables) || tables.startsWith(feed)) {
            String how = feed.equals(tables) ? "is" : feed.startsWith(tables) ? "is inside" : "contains";
            Path sibling = tablesFolder.getParent() == null ? new Path(tablesFolder, "graph")
                    : new Path(tablesFolder.getParent(), tablesFolder.getName() + "-graph");
            throw new JobSetupException("graph-export.path: " + root + " " + how + " the tables' folder " + tablesFolder
                    + "; the export replaces its feed folder, so it must lie outside the tables: choose another"
                    + " folder, e.g. --graph-path " + sibling + "; nothing was written or deleted");
        }
    }

    private static String withSlash(Path path) {
        String s = path.toUri().normalize().toString();
        return s.endsWith("/") ? s : s + "/";
    }

    /** A missing or empty folder, or one an export wrote (it has the marker): anything else is refused. */
    private void checkOwned() {
        try {
            if (!fs.exists(root)) {
                return;
            }
            if (!fs.getFileStatus(root).isDirectory()) {
                throw new JobSetupException("graph-export.path: " + root + " is a file, not a folder; choose a new folder");
            }
            FileStatus[] entries = fs.listStatus(root);
            if (entries.length > 0 && !fs.exists(new Path(root, MARKER))) {
                throw new JobSetupException("graph-export.path: " + root + " is not empty and was not written by graph-export"
                        + " (no " + MARKER + " file in it); nothing was deleted. Choose a new or empty folder"
                        + " (the export replaces its folder's neo4j/ and nquads/ on every run)");
            }
        } catch (IOException e) {
            throw new JobSetupException("graph-export.path: cannot read " + root + " (" + e.getMessage() + ")", e);
        }
    }

    /** Removes what an earlier export wrote (neo4j/, nquads/), nothing else: the feed is always exactly one export. */
    void clear() {
        try {
            fs.mkdirs(root);
            writeText(MARKER, "Written by corpusgraph graph-export, which replaces neo4j/ and nquads/ here on every run.\n");
            for (String own : OWN_FOLDERS) {
                fs.delete(path(own), true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + root, e);
        }
    }

    void writeText(String relative, String content) {
        try (OutputStream out = fs.create(path(relative), true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path(relative), e);
        }
    }

    /** Keeps only Spark's part files in {@code relative}, renamed to end with {@code extension}. */
    void keepPartFiles(String relative, String extension) {
        try {
            for (FileStatus file : fs.listStatus(path(relative))) {
                String name = file.getPath().getName();
                if (name.startsWith("part-") && !name.endsWith(extension)) {
                    String stem = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                    fs.rename(file.getPath(), new Path(file.getPath().getParent(), stem + extension));
                }
            }
            // After the renames: a checksummed file system renames a part's .crc file with it.
            for (FileStatus file : fs.listStatus(path(relative))) {
                if (!file.getPath().getName().startsWith("part-")) {
                    fs.delete(file.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy " + path(relative), e);
        }
    }
}
