package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import io.corpusgraph.jobs.config.ExtractConfig;
import io.corpusgraph.jobs.output.DateLock;
import io.corpusgraph.jobs.output.DateLock.ConcurrentRunException;
import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.jobs.run.RunReport;

/** Two ExtractJob runs at once on the same Delta tables, in two threads of one SparkSession. */
class ConcurrentRunsTest extends RunFixture {

    static final LocalDate MONDAY = LocalDate.of(2024, 6, 3);
    static final LocalDate TUESDAY = LocalDate.of(2024, 6, 4);
    static final LocalDate WEDNESDAY = LocalDate.of(2024, 6, 5);


    static ExtractConfig config(Path output, LocalDate day) {
        return ExtractJob.parse("--input", corpus.toString(), "--output", output.toString(), "--model", Fixtures.MODEL.toString(),
                "--device", "cpu", "--labels", String.join(",", Fixtures.LABELS), "--threshold", "0.1", "--run-date", day.toString());
    }

    static CompletableFuture<RunReport> start(Path output, LocalDate day) {
        return CompletableFuture.supplyAsync(() -> ExtractJob.run(spark, config(output, day)));
    }

    static List<String> runIds(Path output, Table table, LocalDate day) {
        return Fixtures.runIds(Fixtures.on(Fixtures.table(output, table), day));
    }

    @Test
    void runsForDifferentDatesBothCommitWithoutLosingRows() {
        Path output = dir.resolve("two-dates");
        CompletableFuture<RunReport> monday = start(output, MONDAY);
        CompletableFuture<RunReport> tuesday = start(output, TUESDAY);
        List<RunReport> both = List.of(monday.join(), tuesday.join());
        assertTrue(both.get(0).entities() > 0);
        assertEquals(Fixtures.entities(output, MONDAY).keySet(), Fixtures.entities(output, TUESDAY).keySet(),
                "same corpus, same entities: no row lost to the other run");
        for (RunReport run : both) {
            for (Table table : List.of(Table.DOCUMENTS, Table.ENTITIES, Table.RUNS)) {
                assertEquals(List.of(run.runId()), runIds(output, table, run.runDate()), table + " on " + run.runDate());
            }
            assertEquals(Fixtures.GOOD.size(), Fixtures.docIds(output, run.runDate()).size());
            assertEquals(run.entities(), Fixtures.entities(output, run.runDate()).size(), "no entity lost");
        }
    }

    @Test
    void aSecondRunForADateBeingWrittenFailsCleanlyAndWritesNothing() {
        Path output = dir.resolve("same-date");
        RunReport first = ExtractJob.run(spark, config(output, WEDNESDAY));
        TableStore tables = TableStore.open(spark, config(output, WEDNESDAY).output());
        // A run that is writing Wednesday holds its lock: another run for Wednesday must not interleave.
        try (DateLock writing = DateLock.acquire(tables.location(), WEDNESDAY, "a run in progress")) {
            ConcurrentRunException e = assertThrows(ConcurrentRunException.class, () -> ExtractJob.run(spark, config(output, WEDNESDAY)));
            assertTrue(e.getMessage().startsWith("another run is writing run_date 2024-06-05"), e.getMessage());
            assertTrue(e.getMessage().contains("a run in progress"), e.getMessage());
            assertEquals(ExtractJob.run(spark, config(output, TUESDAY)).runDate(), TUESDAY, "other dates go on");
        }
        for (Table table : List.of(Table.DOCUMENTS, Table.ENTITIES, Table.RUNS)) {
            assertEquals(List.of(first.runId()), runIds(output, table, WEDNESDAY), "untouched " + table);
        }

        // Two real runs for the same date at once: whichever way they meet, the date holds one run's rows.
        List<CompletableFuture<RunReport>> runs = List.of(start(output, WEDNESDAY), start(output, WEDNESDAY));
        List<String> committed = new ArrayList<>();
        for (CompletableFuture<RunReport> run : runs) {
            try {
                committed.add(run.join().runId());
            } catch (CompletionException e) {
                assertTrue(e.getCause() instanceof ConcurrentRunException, String.valueOf(e.getCause()));
            }
        }
        assertTrue(!committed.isEmpty(), "at least one run commits");
        List<String> docs = runIds(output, Table.DOCUMENTS, WEDNESDAY);
        assertEquals(1, docs.size(), "one run's documents: " + docs);
        assertTrue(committed.contains(docs.get(0)));
        assertEquals(docs, runIds(output, Table.ENTITIES, WEDNESDAY), "no mix of two runs");
        assertEquals(docs, runIds(output, Table.RUNS, WEDNESDAY));
    }
}
