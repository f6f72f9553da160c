package io.corpusgraph.jobs.output;

import java.io.IOException;
import java.util.UUID;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.jobs.config.OutputSpec;

/** Where each table lives: {@code <output.path>/<name>}, or {@code <output.database>.<name>} in the catalog. */
public final class TableLocation {

    private final SparkSession spark;
    private final OutputSpec output;

    TableLocation(SparkSession spark, OutputSpec output) {
        this.spark = spark;
        this.output = output;
    }

    public boolean inCatalog() {
        return output.inCatalog();
    }

    /** The catalog name, quoted for SQL. */
    public String tableName(Table table) {
        return quote(output.database()) + "." + quote(output.name(table));
    }

    public Path path(Table table) {
        return new Path(root(), output.name(table));
    }

    /** Where {@link DateLock} keeps its lock files: beside the tables, never one of them. */
    Path lockFolder() {
        return new Path(root(), "_locks");
    }

    /** What a person reads: the folder or the catalog name. */
    public String describe(Table table) {
        return inCatalog() ? output.database() + "." + output.name(table) : path(table).toString();
    }

    /**
     * The folder that holds the tables: {@code output.path}, or the catalog database's location (null when
     * the catalog does not say). Other jobs must never write or delete inside it.
     */
    public Path tablesFolder() {
        if (!inCatalog()) {
            return root();
        }
        try {
            String uri = spark.catalog().getDatabase(output.database()).locationUri();
            if (uri == null || uri.isBlank()) {
                return null;
            }
            Path location = new Path(java.net.URI.create(uri));
            return location.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(location);
        } catch (IOException | org.apache.spark.sql.AnalysisException | RuntimeException e) {
            return null;
        }
    }

    public String describeRoot() {
        return inCatalog() ? "database " + output.database() : root().toString();
    }

    public FileSystem fileSystem() {
        try {
            return root().getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new JobSetupException("output.path: " + output.path() + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Fails, writing nothing, when the tables cannot be written: a missing database, an output folder that
     * cannot be written, or one of {@code tables} that exists in the other format (Delta vs Parquet), is no
     * folder, or cannot be written where the run's files go. Probing only the root let a read-only table
     * folder, or Parquet written over a Delta table, fail (or silently miss Delta readers) after the extraction.
     */
    void checkWritable(Table... tables) {
        if (inCatalog()) {
            if (!spark.catalog().databaseExists(output.database())) {
                throw new JobSetupException("output.database: no database " + output.database()
                        + " in the catalog; create it (CREATE DATABASE " + output.database() + ") or set output.path instead");
            }
            return;
        }
        FileSystem fs = fileSystem();
        probe(fs, root(), "output.path: cannot write to " + root(), "choose a writable folder with --output");
        for (Table table : tables) {
            checkTableFolder(fs, table);
        }
    }

    private void checkTableFolder(FileSystem fs, Table table) {
        Path folder = path(table);
        Path deltaLog = new Path(folder, "_delta_log");
        try {
            if (!fs.exists(folder)) {
                return;
            }
            if (!fs.getFileStatus(folder).isDirectory()) {
                throw new JobSetupException("output.path: " + folder + " is a file, not the " + table.key()
                        + " table's folder; move it away or choose another folder with --output");
            }
            boolean delta = fs.exists(deltaLog);
            boolean empty = fs.listStatus(folder).length == 0;
            if (output.format() == OutputSpec.OutputFormat.PARQUET && delta) {
                throw new JobSetupException("output.format = parquet, but " + folder + " is a Delta table (it has _delta_log): "
                        + "Delta readers would never see Parquet files written into it; use --output-format delta, or another --output");
            }
            if (output.format() == OutputSpec.OutputFormat.DELTA && !delta && !empty) {
                throw new JobSetupException("output.format = delta, but " + folder + " holds files and no _delta_log (a Parquet "
                        + "table?); use --output-format parquet, or another --output");
            }
        } catch (IOException e) {
            throw new JobSetupException("output.path: cannot look at " + folder + " (" + e.getMessage() + ")", e);
        }
        String fix = "make it writable or choose another folder with --output";
        probe(fs, folder, "output.path: cannot write to the " + table.key() + " table's folder " + folder, fix);
        if (output.format() == OutputSpec.OutputFormat.DELTA) {
            probe(fs, deltaLog, "output.path: cannot write to the " + table.key() + " table's log " + deltaLog, fix);
        }
    }

    /** Writes and removes a probe file in {@code folder} when it exists (the root: creating it first). */
    private void probe(FileSystem fs, Path folder, String problem, String fix) {
        Path probe = new Path(folder, ".corpusgraph-write-check-" + UUID.randomUUID());
        try {
            if (folder.equals(root())) {
                fs.mkdirs(folder);
            } else if (!fs.exists(folder)) {
                return;
            }
            fs.create(probe, false).close();
            fs.delete(probe, false);
        } catch (IOException | RuntimeException e) {
            throw new JobSetupException(problem + " (" + oneLine(e) + "); " + fix, e);
        }
    }

    private static String oneLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private Path root() {
        Path root = new Path(output.path());
        try {
            return root.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(root);
        } catch (IOException e) {
            throw new JobSetupException("output.path: " + output.path() + " (" + e.getMessage() + ")", e);
        }
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
