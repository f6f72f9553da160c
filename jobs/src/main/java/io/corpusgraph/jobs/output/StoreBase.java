package io.corpusgraph.jobs.output;

import org.apache.spark.sql.SparkSession;

/** What both table formats hold: the session and where the tables are. */
abstract class StoreBase implements TableStore {

    final SparkSession spark;
    final TableLocation location;

    StoreBase(SparkSession spark, TableLocation location) {
        this.spark = spark;
        this.location = location;
    }

    @Override
    public TableLocation location() {
        return location;
    }
}
