package io.corpusgraph.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.corpusgraph.jobs.GraphExportJob;

/** Issue 19, item 17: the summary's follow-up sql commands omitted --output, so they queried the default folder. */
class SqlCommandLineTest {

    @Test
    void theSqlCommandFindsTheRunsOwnTables() {
        assertEquals("bin/corpusgraph sql", SqlCommandLine.of(GraphExportJob.parse().tables()));
        assertEquals("bin/corpusgraph sql --output /data/tables", SqlCommandLine.of(GraphExportJob.parse("--output", "/data/tables").tables()));
        assertEquals("bin/corpusgraph sql --output '/data/my tables' --output-format parquet --set output.tables.entities=ents",
                SqlCommandLine.of(GraphExportJob.parse("--output", "/data/my tables", "--output-format", "parquet",
                        "--set", "output.tables.entities=ents").tables()));
        assertEquals("bin/corpusgraph sql --database nlp", SqlCommandLine.of(GraphExportJob.parse("--database", "nlp").tables()));
    }
}
