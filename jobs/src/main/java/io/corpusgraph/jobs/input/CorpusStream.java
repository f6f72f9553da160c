package io.corpusgraph.jobs.input;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.jobs.config.InputSpec;
import io.corpusgraph.udfs.CorpusInput;
import io.corpusgraph.udfs.CorpusSchema;

/**
 * A corpus that grows, read as a stream: new files in a folder (text: a file is a document; jsonl: a line is;
 * parquet: a row is) or new rows of a Delta table (delta, table). {@link #raw} is the streaming DataFrame;
 * {@link #documents} turns one micro-batch of it into {@link CorpusSchema#INPUT} rows, as {@link CorpusReader}
 * does for a whole input: the same columns, content hash, quarantine reasons and duplicate rule (duplicates
 * are found within a micro-batch only). Spark's file sources skip names starting with _ or .; a file still
 * being copied into HDFS (._COPYING_) is quarantined as in a batch run.
 */
public final class CorpusStream {

    /** Spark's binaryFile source: its fixed columns (a stream must name them). */
    private static final StructType BINARY_FILE = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("modificationTime", DataTypes.TimestampType, false)
            .add("length", DataTypes.LongType, false)
            .add("content", DataTypes.BinaryType, true);

    private final InputSpec input;
    private final Dataset<Row> raw;
    /** The input folder as Spark names its files, ending with '/': text doc_ids are paths relative to it. */
    private final String root;

    private CorpusStream(InputSpec input, Dataset<Row> raw, String root) {
        this.input = input;
        this.raw = raw;
        this.root = root;
    }

    /** Fails with a {@link JobSetupException} when the input is missing or lacks the configured columns. */
    public static CorpusStream open(SparkSession spark, InputSpec input, int maxFilesPerTrigger) {
        DataStreamReader reader = spark.readStream().option("maxFilesPerTrigger", maxFilesPerTrigger);
        String path = input.format() == InputSpec.InputFormat.TABLE ? null : CorpusReader.qualified(spark, input.path());
        return switch (input.format()) {
            case TEXT -> new CorpusStream(input, reader.format("binaryFile").schema(BINARY_FILE).option("recursiveFileLookup", "true").load(path)
                    .select(col("path"), col("content")), path.endsWith("/") ? path : path + "/");
            case JSONL -> new CorpusStream(input, JsonLines.lines(reader.text(path)), null);
            case PARQUET -> new CorpusStream(input, CorpusReader.fromColumns(
                    reader.schema(spark.read().parquet(path).schema()).parquet(path), input, input_file_name()), null);
            case DELTA -> new CorpusStream(input, CorpusReader.fromColumns(reader.format("delta").load(path), input, lit(input.path())),
                    null);
            case TABLE -> new CorpusStream(input, CorpusReader.fromColumns(reader.table(CorpusReader.checkedTable(spark, input.table())),
                    input, lit(input.table())), null);
        };
    }

    /** The streaming DataFrame, for {@code writeStream}. */
    public Dataset<Row> raw() {
        return raw;
    }

    /** One micro-batch of {@link #raw} → {@link CorpusSchema#INPUT} rows. */
    public Dataset<Row> documents(Dataset<Row> batch) {
        Dataset<Row> docs = switch (input.format()) {
            case TEXT -> batch.select(
                    when(col("path").startsWith(root), substring(col("path"), root.length() + 1, Integer.MAX_VALUE))
                            .otherwise(col("path")).as("doc_id"),
                    col("path").as("source"),
                    lit(null).cast(DataTypes.StringType).as("text"),
                    col("content").as("bytes"),
                    when(col("path").endsWith("._COPYING_"), lit(TextFiles.COPYING)).as("problem"));
            case JSONL -> JsonLines.parsed(batch, input.idField(), input.textField());
            case PARQUET, DELTA, TABLE -> batch;
        };
        return CorpusInput.finished(docs);
    }
}
