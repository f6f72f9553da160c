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

    void checkWritable() {
        if (inCatalog()) {
            if (!spark.catalog().databaseExists(output.database())) {
                throw new JobSetupException("output.database: no database " + output.database()
                        + " in the catalog; create it (CREATE DATABASE " + output.database() + ") or set output.path instead");
            }
            return;
        }
        // Write and remove a probe file, so that a read-only or mistyped location fails now, not halfway.
        Path probe = new Path(root(), ".corpusgraph-write-check-" + UUID.randomUUID());
        try {
            FileSystem fs = fileSystem();
            fs.mkdirs(root());
            fs.create(probe, false).close();
            fs.delete(probe, false);
        } catch (IOException | RuntimeException e) {
            throw new JobSetupException("output.path: cannot write to " + root() + " (" + e.getMessage()
                    + "); choose a writable folder with --output", e);
        }
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
