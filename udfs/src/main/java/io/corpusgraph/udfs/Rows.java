package io.corpusgraph.udfs;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** Rows built by column name, never by position: the schema alone decides the order. */
public final class Rows {
    private Rows() {}

    /** @throws IllegalArgumentException when {@code values} names a column the schema lacks, or misses one it has */
    public static Row of(StructType schema, Map<String, ?> values) {
        Set<String> unknown = new HashSet<>(values.keySet());
        unknown.removeAll(Arrays.asList(schema.fieldNames()));
        if (!unknown.isEmpty() || values.size() != schema.size()) {
            throw new IllegalArgumentException("row values " + values.keySet() + " do not match columns "
                    + Arrays.toString(schema.fieldNames()));
        }
        return RowFactory.create(Arrays.stream(schema.fieldNames()).map(values::get).toArray());
    }
}
