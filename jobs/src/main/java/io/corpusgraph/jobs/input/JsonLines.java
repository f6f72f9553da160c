package io.corpusgraph.jobs.input;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * JSON lines: one object per line, parsed on the executors with Jackson's streaming parser, so that
 * <ul>
 * <li>every problem row says its line: {@code malformed JSON line 17: <what the parser found>};</li>
 * <li>no string is too long to parse (Jackson's default limit, 20 M characters, made long documents
 *     "malformed" and lost their id): the text is read whole and the size limit quarantines it as
 *     "too large" under its id;</li>
 * <li>a text or id of the wrong JSON type is quarantined with the reason, never coerced (Spark's JSON
 *     reader turns an object or number "text" into its JSON text): ids may be strings or integers;</li>
 * <li>the bytes are parsed as they are: invalid UTF-8 is a malformed line, never U+FFFD.</li>
 * </ul>
 * Blank lines are skipped (they still count for line numbers). Lines are numbered from 1 in each file,
 * from Spark's file splits: each split's lines are counted, and a line's number is its index in the
 * split plus the line count of the file's earlier splits.
 */
final class JsonLines {

    static final StructType PARSED = new StructType()
            .add("doc_id", DataTypes.StringType)
            .add("text", DataTypes.StringType)
            .add("problem", DataTypes.StringType);

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1)
                    .build())
            .build();

    private JsonLines() {}

    /** doc_id, source, text, bytes (the raw line, only for problem rows), problem. */
    static Dataset<Row> read(SparkSession spark, String path, String idField, String textField) {
        return parsed(lines(spark.read().text(path)), idField, textField);
    }

    /**
     * Spark's text source (a read, or a stream of new files) → each line with where it lies: value, source,
     * file and block (the file split it came from).
     */
    static Dataset<Row> lines(Dataset<Row> text) {
        return text.select(
                col("value"),
                input_file_name().as("source"),
                col("_metadata.file_path").as("file"),
                col("_metadata.file_block_start").as("block"));
    }

    /**
     * {@link #lines} of whole files (a read, or one micro-batch of a stream) → doc_id, source, text, bytes,
     * problem, each problem with its line number.
     */
    static Dataset<Row> parsed(Dataset<Row> fileLines, String idField, String textField) {
        Dataset<Row> lines = fileLines.withColumn("row", monotonically_increasing_id());
        // One row per file split: its first row id and how many lines the file has before it.
        Dataset<Row> splits = lines.groupBy("file", "block")
                .agg(min("row").as("first_row"), count(lit(1)).as("lines"))
                .withColumn("lines_before", coalesce(sum("lines").over(Window.partitionBy("file").orderBy("block")
                        .rowsBetween(Window.unboundedPreceding(), -1)), lit(0L)))
                .drop("lines");
        Column line = col("lines_before").plus(col("row")).minus(col("first_row")).plus(1);
        UserDefinedFunction parse = udf((UDF1<byte[], Row>) bytes -> parse(bytes, idField, textField), PARSED);
        Dataset<Row> parsed = lines.join(broadcast(splits), new String[] {"file", "block"})
                .withColumn("line", line)
                .where(length(trim(col("value"))).gt(0))
                .withColumn("parsed", parse.apply(col("value").cast(DataTypes.BinaryType)));
        Column problem = col("parsed.problem");
        return parsed.select(
                col("parsed.doc_id").as("doc_id"),
                col("source"),
                col("parsed.text").as("text"),
                when(problem.isNotNull(), col("value").cast(DataTypes.BinaryType)).as("bytes"),
                when(problem.isNotNull(), org.apache.spark.sql.functions.regexp_replace(problem, lit("\\{line\\}"),
                        line.cast(DataTypes.StringType))).as("problem"));
    }

    /** One line → (doc_id, text, problem); a problem may hold {@code {line}}, replaced by the line number. */
    static Row parse(byte[] bytes, String idField, String textField) {
        String id = null;
        String text = null;
        String problem = null;
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return RowFactory.create(null, null, "malformed JSON line {line}: not a JSON object");
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(idField)) {
                    if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT) {
                        id = p.getText();
                    } else if (value == JsonToken.VALUE_NULL) {
                        id = null;
                    } else {
                        problem = "id field '" + idField + "' is " + kind(value) + ", not a string or integer (line {line})";
                        id = null;
                    }
                } else if (name.equals(textField)) {
                    if (value == JsonToken.VALUE_STRING) {
                        text = p.getText();
                    } else if (value == JsonToken.VALUE_NULL) {
                        text = null;
                    } else if (problem == null) {
                        problem = "text field '" + textField + "' is " + kind(value) + ", not a string (line {line})";
                    }
                }
                p.skipChildren();
            }
            if (token != JsonToken.END_OBJECT) {
                return RowFactory.create(null, null, "malformed JSON line {line}: unexpected " + token);
            }
            if (p.nextToken() != null) {
                return RowFactory.create(null, null, "malformed JSON line {line}: more after the object");
            }
        } catch (JsonProcessingException e) {
            return RowFactory.create(id, null, "malformed JSON line {line}: " + e.getOriginalMessage());
        } catch (IOException e) {
            return RowFactory.create(id, null, "malformed JSON line {line}: " + e.getMessage());
        }
        return RowFactory.create(id, problem == null ? text : null, problem);
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "a JSON object";
            case START_ARRAY -> "a JSON array";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
            case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
            default -> "JSON " + token;
        };
    }
}
