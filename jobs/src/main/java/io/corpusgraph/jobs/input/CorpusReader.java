package io.corpusgraph.jobs.input;

import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.util.Arrays;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StructType;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.jobs.config.InputSpec;
import io.corpusgraph.udfs.CorpusInput;
import io.corpusgraph.udfs.CorpusSchema;

/**
 * Reads a corpus in any supported format into {@link CorpusSchema#INPUT} rows, with the content
 * hash that incremental runs compare. Nothing is filtered here: a row that cannot be extracted is
 * still a row, and the executor quarantines it with a reason; so is a later copy of a doc_id
 * ({@link CorpusInput#finished}).
 */
public final class CorpusReader {

    private CorpusReader() {}

    /** Fails with a {@link JobSetupException} when the input is missing or lacks the configured columns. */
    public static Dataset<Row> read(SparkSession spark, InputSpec input) {
        Dataset<Row> docs = switch (input.format()) {
            case TEXT -> textFiles(spark, located(spark, input.path()));
            case JSONL -> jsonLines(spark, input);
            case PARQUET -> fromColumns(spark.read().parquet(qualified(spark, input.path())), input, input_file_name());
            case DELTA -> fromColumns(spark.read().format("delta").load(qualified(spark, input.path())), input, lit(input.path()));
            case TABLE -> fromColumns(table(spark, input.table()), input, lit(input.table()));
        };
        // The content hash (raw bytes when the reader has them, undecodable ones included) and the duplicate-id rule.
        return CorpusInput.finished(docs);
    }

    /** Every file under the folder is one document, or a row with the reason it is not ({@link TextFiles}). */
    private static Dataset<Row> textFiles(SparkSession spark, FileStatus input) {
        return TextFiles.read(spark, input);
    }

    /**
     * One JSON object per line ({@link JsonLines}). A line that is not JSON (or not UTF-8) still becomes a
     * row, with its raw bytes kept for the content hash and a problem, with the line number, that the
     * executor turns into a quarantine reason.
     */
    private static Dataset<Row> jsonLines(SparkSession spark, InputSpec input) {
        return JsonLines.read(spark, qualified(spark, input.path()), input.idField(), input.textField());
    }

    /** Parquet, Delta and catalog tables: the configured id and text columns; a binary text column is decoded on the executors. */
    static Dataset<Row> fromColumns(Dataset<Row> table, InputSpec input, Column source) {
        StructType schema = table.schema();
        for (String field : new String[] {input.idField(), input.textField()}) {
            if (!Arrays.asList(schema.fieldNames()).contains(field)) {
                throw new JobSetupException("input has no column '" + field + "' (it has " + String.join(", ", schema.fieldNames())
                        + "): set input.id-field and input.text-field");
            }
        }
        DataType textType = schema.apply(input.textField()).dataType();
        if (!textType.equals(DataTypes.StringType) && !textType.equals(DataTypes.BinaryType)) {
            // No silent cast: an int or struct column is not a text, whatever its name.
            throw new JobSetupException("input.text-field: column '" + input.textField() + "' is " + textType.simpleString()
                    + ", not a string (or binary) column: set input.text-field to the text column");
        }
        DataType idType = schema.apply(input.idField()).dataType();
        if (!idType.equals(DataTypes.StringType) && !(idType instanceof IntegralType)) {
            throw new JobSetupException("input.id-field: column '" + input.idField() + "' is " + idType.simpleString()
                    + ", not a string or integer column: set input.id-field to the id column");
        }
        return CorpusInput.fromColumns(table, input.idField(), input.textField(), source);
    }

    private static Dataset<Row> table(SparkSession spark, String name) {
        return spark.table(checkedTable(spark, name));
    }

    /** The name, once the catalog is known to hold such a table. */
    static String checkedTable(SparkSession spark, String name) {
        if (!spark.catalog().tableExists(name)) {
            throw new JobSetupException("input.table: no table " + name + " in the catalog");
        }
        return name;
    }

    /** The input as Spark will name its files, after checking that it exists. */
    static String qualified(SparkSession spark, String path) {
        return located(spark, path).getPath().toString();
    }

    private static FileStatus located(SparkSession spark, String path) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new JobSetupException("input.path: " + path + " does not exist");
            }
            return fs.getFileStatus(fs.makeQualified(p));
        } catch (IOException e) {
            throw new JobSetupException("input.path: cannot read " + path + " (" + e.getMessage() + ")", e);
        }
    }
}
