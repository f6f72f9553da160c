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
 */
final class FeedFolder {

    private final FileSystem fs;
    private final Path root;

    private FeedFolder(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    static FeedFolder open(SparkSession spark, String path) {
        Path root = new Path(path);
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.setWriteChecksum(false);  // no .crc files beside the header files
            return new FeedFolder(fs, fs.makeQualified(root));
        } catch (IOException e) {
            throw new JobSetupException("graph-export.path: " + path + " (" + e.getMessage() + ")", e);
        }
    }

    Path path(String relative) {
        return new Path(root, relative);
    }

    /** Removes what an earlier export left: the feed is always exactly one export. */
    void clear() {
        try {
            fs.delete(root, true);
            fs.mkdirs(root);
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
