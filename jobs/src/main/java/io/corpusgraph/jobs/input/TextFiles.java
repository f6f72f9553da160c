package io.corpusgraph.jobs.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.corpusgraph.jobs.JobSetupException;

/**
 * A text input's files, listed on the driver and read on the executors. Every file under the folder is
 * one row: names starting with {@code _} or {@code .} are documents like any other (Spark's own file
 * sources skip them, which silently lost files). What cannot be read as a document still gets a row, with
 * a problem the executor turns into a quarantine reason:
 * <ul>
 * <li>a symbolic link to a folder is not followed ({@value #FOLDER_LINK}): a link loop can neither hang the
 *     listing nor read a file twice;</li>
 * <li>a symbolic link to a file inside the input is not read again ({@value #INNER_LINK} …): the file is read
 *     under its own name; a link to a file outside the input is read like a file;</li>
 * <li>a name ending {@code ._COPYING_} (a file still being copied into HDFS), a broken link, something
 *     that is not a file (a pipe, a socket), or an unreadable folder or file: the reason says which.</li>
 * </ul>
 * Local folders ({@code file:}) are walked with java.nio, without following links; other file systems
 * (HDFS, object stores) are listed recursively by Hadoop.
 */
final class TextFiles {

    private static final Logger LOG = LoggerFactory.getLogger(TextFiles.class);

    static final String FOLDER_LINK = "symbolic link to a folder: not followed";
    static final String INNER_LINK = "symbolic link to a file of the input, read under its own name";
    static final String COPYING = "file still being copied (name ends with ._COPYING_)";
    static final StructType ROWS = new StructType()
            .add("doc_id", DataTypes.StringType)
            .add("source", DataTypes.StringType)
            .add("text", DataTypes.StringType)
            .add("bytes", DataTypes.BinaryType)
            .add("problem", DataTypes.StringType);

    /** One listed file: its doc_id (path relative to the input), where it is, and why it is not read (or null). */
    record Listed(String docId, String source, String uri, String problem) implements Serializable {}

    private TextFiles() {}

    /** doc_id, source, text (null: bytes are decoded on the executors), bytes, problem. */
    static Dataset<Row> read(SparkSession spark, FileStatus input) {
        List<Listed> files = list(spark, input);
        long problems = files.stream().filter(f -> f.problem() != null).count();
        LOG.info("text input {}: {} files, {} of them with a problem (quarantined with the reason)",
                input.getPath(), files.size(), problems);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = Math.max(1, Math.min(files.size(), Math.max(jsc.defaultParallelism(), files.size() / 1000)));
        SerializableConfiguration conf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        JavaRDD<Row> rows = jsc.parallelize(files, slices).mapPartitions(it -> readAll(it, conf));
        return spark.createDataFrame(rows, ROWS);
    }

    static List<Listed> list(SparkSession spark, FileStatus input) {
        Path root = input.getPath();
        if (input.isFile()) {
            return List.of(listed(root.getName(), root, null));
        }
        List<Listed> files = new ArrayList<>();
        try {
            if ("file".equals(root.toUri().getScheme())) {
                walkLocal(root, files);
            } else {
                FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
                String prefix = root.toUri().getPath().endsWith("/") ? root.toUri().getPath() : root.toUri().getPath() + "/";
                while (it.hasNext()) {
                    Path file = it.next().getPath();
                    String relative = file.toUri().getPath().substring(prefix.length());
                    files.add(listed(relative, file, null));
                }
            }
        } catch (IOException e) {
            throw new JobSetupException("input.path: cannot list " + root + " (" + e.getMessage() + ")", e);
        }
        files.sort(Comparator.comparing(Listed::docId));
        return files;
    }

    private static Listed listed(String relative, Path file, String problem) {
        if (problem == null && file.getName().endsWith("._COPYING_")) {
            problem = COPYING;
        }
        return new Listed(relative, file.toString(), file.toUri().toString(), problem);
    }

    private static void walkLocal(Path root, List<Listed> files) throws IOException {
        java.nio.file.Path start = Paths.get(root.toUri());
        // The folder the user named may itself be a link: that one is followed.
        java.nio.file.Path real = start.toRealPath();
        Files.walkFileTree(real, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attrs) {
                String relative = relative(real, file);
                Path source = new Path(file.toUri());
                if (attrs.isRegularFile()) {
                    files.add(listed(relative, source, null));
                } else if (attrs.isSymbolicLink()) {
                    files.add(listed(relative, source, linkProblem(real, file)));
                } else {
                    files.add(listed(relative, source, "not a regular file"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(java.nio.file.Path file, IOException e) {
                String relative = relative(real, file);
                files.add(listed(relative, new Path(file.toUri()), "unreadable: " + e));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String linkProblem(java.nio.file.Path root, java.nio.file.Path link) {
        if (Files.isDirectory(link)) {
            return FOLDER_LINK;
        }
        if (!Files.exists(link)) {
            return "broken symbolic link";
        }
        try {
            java.nio.file.Path target = link.toRealPath();
            if (target.startsWith(root)) {
                return INNER_LINK + " (" + relative(root, target) + ")";
            }
            return Files.isRegularFile(target) ? null : "symbolic link to something that is not a regular file";
        } catch (IOException e) {
            return "unreadable symbolic link: " + e;
        }
    }

    private static String relative(java.nio.file.Path root, java.nio.file.Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static Iterator<Row> readAll(Iterator<Listed> files, SerializableConfiguration conf) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return files.hasNext();
            }

            @Override
            public Row next() {
                Listed file = files.next();
                if (file.problem() != null) {
                    return RowFactory.create(file.docId(), file.source(), null, null, file.problem());
                }
                try {
                    return RowFactory.create(file.docId(), file.source(), null,
                            bytes(new Path(java.net.URI.create(file.uri())), conf), null);
                } catch (IllegalStateException e) {
                    return RowFactory.create(file.docId(), file.source(), null, null, e.getMessage());
                } catch (IOException | UncheckedIOException e) {
                    return RowFactory.create(file.docId(), file.source(), null, null, "unreadable: " + e.getMessage());
                }
            }
        };
    }

    private static byte[] bytes(Path path, SerializableConfiguration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf.value());
        long length = fs.getFileStatus(path).getLen();
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("too large: " + length + " bytes, over what one document can hold");
        }
        try (InputStream in = fs.open(path)) {
            return in.readAllBytes();
        }
    }
}
