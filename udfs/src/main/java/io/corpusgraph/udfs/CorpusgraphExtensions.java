package io.corpusgraph.udfs;

import org.apache.spark.sql.SparkSessionExtensions;

import scala.Function1;
import scala.runtime.BoxedUnit;

/**
 * {@code spark.sql.extensions=io.corpusgraph.udfs.CorpusgraphExtensions} (after Delta's, comma-separated, when both
 * are wanted): every session gets the SQL functions {@code corpusgraph_entities} and {@code corpusgraph_relations}
 * ({@link CorpusgraphFunctions}).
 */
public final class CorpusgraphExtensions implements Function1<SparkSessionExtensions, BoxedUnit> {

    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
        CorpusgraphFunctions.descriptions().forEach(extensions::injectFunction);
        return BoxedUnit.UNIT;
    }
}
