package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.config.OutputSpec;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;

/** Issue 19, item 11: {@code sql} printed 100+ line stack traces and, with a wrong --output, did not name the folder. */
class SqlCommandTest {

    private static final SparkSession SPARK = LocalSpark.session();

    @TempDir
    Path dir;

    private static OutputSpec output(Path folder) {
        return GraphExportJob.parse("--output", folder.toString()).tables();
    }

    @Test
    void aWrongOutputFolderIsNamedInOneLine() {
        Path wrong = dir.resolve("no-tables-here");
        JobSetupException e = assertThrows(JobSetupException.class,
                () -> SqlCommand.run(SPARK, output(wrong), "SELECT count(*) FROM entities", 10, 60, System.err));
        assertTrue(e.getMessage().startsWith("no tables in file:" + wrong), e.getMessage());
        assertTrue(e.getMessage().contains("--output"), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
    }

    @Test
    void aFailingQueryIsOneLineAndExitCode1() {
        OutputSpec output = output(dir.resolve("tables"));
        TableStore.open(SPARK, output).create(Table.RUNS);
        for (String query : new String[] {"SELECT nope FROM runs", "SELEC 1", "SELECT * FROM entitiez"}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = SqlCommand.run(SPARK, output, query, 10, 60, new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
            assertEquals(1, code);
            assertEquals(2, lines.length, String.join("\n", lines));
            assertTrue(lines[0].startsWith("sql: ["), lines[0]);
            assertTrue(lines[1].startsWith("sql: tables of file:") && lines[1].endsWith(": runs"), lines[1]);
        }
        assertEquals(0, SqlCommand.run(SPARK, output, "SELECT count(*) FROM runs", 10, 60, System.err));
    }

    /** Issue 18: {@code bin/corpusgraph sql "SELECT corpusgraph_entities(...)"} works, with or without tables. */
    @Test
    void theSqlFunctionsRunWithoutAnyTable() {
        String query = "SELECT e.text, e.label FROM (SELECT explode(corpusgraph_entities("
                + "'Bill Clinton met Helmut Kohl in Bonn on Tuesday , the Reuters news agency said .', "
                + "array('person', 'location', 'organization'), map('model.dir', '" + Fixtures.MODEL + "', 'model.device', 'cpu'))) AS e)";
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = SqlCommand.run(SPARK, output(dir.resolve("no-tables-here")), query, 10, 60, System.err);
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, code);
        // tiny-span.json, case news-basic (threshold 0.5, the bundled default).
        String shown = out.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("|Helmut Kohl|      person|") && shown.contains("|       Bonn|    location|")
                && shown.contains("|    Reuters|organization|"), shown);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputSpec output = output(dir.resolve("tables"));
        TableStore.open(SPARK, output).create(Table.RUNS);
        assertEquals(1, SqlCommand.run(SPARK, output, "SELECT corpusgraph_entities('x', array('person'), map('extraction.treshold', '0.3'))",
                10, 60, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("sql: corpusgraph_entities option extraction.treshold: no such setting"),
                err.toString(StandardCharsets.UTF_8));
    }
}
