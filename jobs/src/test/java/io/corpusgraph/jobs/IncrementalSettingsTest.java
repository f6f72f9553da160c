package io.corpusgraph.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.run.RunReport;

/**
 * Issue 19 item 5: --incremental keyed on content hash and model only, so new labels, a new threshold or mode
 * never ran on documents already seen. A document counts as done only for the same output settings.
 */
class IncrementalSettingsTest extends RunFixture {

    static final LocalDate FIRST = LocalDate.of(2024, 11, 4);


    static RunReport run(Path output, LocalDate day, String... more) {
        List<String> args = new ArrayList<>(List.of("--input", jsonl.toString(), "--input-format", "jsonl",
                "--output", output.toString(), "--model", Fixtures.MODEL.toString(), "--device", "cpu", "--variant", "fp32",
                "--threshold", "0.1", "--run-date", day.toString(), "--incremental"));
        args.addAll(List.of(more));
        if (!args.contains("--labels")) {  // a list option adds to itself when repeated
            args.addAll(List.of("--labels", "person,location"));
        }
        return ExtractJob.run(spark, ExtractJob.parse(args.toArray(String[]::new)));
    }

    @Test
    void aDocumentIsDoneOnlyForTheSameOutputSettings() {
        Path output = dir.resolve("tables");
        assertEquals(3, run(output, FIRST).documents());
        assertEquals(0, run(output, FIRST.plusDays(1)).documents(), "same settings: all done");
        assertEquals(3, run(output, FIRST.plusDays(1)).skippedDocuments());

        assertEquals(3, run(output, FIRST.plusDays(2), "--threshold", "0.2").documents(), "a new threshold");
        assertEquals(3, run(output, FIRST.plusDays(3), "--labels", "person,location,organization").documents(), "new labels");
        assertEquals(3, run(output, FIRST.plusDays(4), "--mode", "nested").documents(), "another mode");
        assertEquals(3, run(output, FIRST.plusDays(5), "--window-words", "4", "--window-overlap-words", "1").documents(),
                "other windows");
        assertEquals(0, run(output, FIRST.plusDays(6), "--threshold", "0.2").documents(), "done at 0.2 on day 3");

        Row runs = Fixtures.on(Fixtures.table(output, Table.RUNS), FIRST).first();
        String settings = runs.getAs("output_settings");
        assertTrue(settings.startsWith("labels=[person, location]; threshold=0.1; flat=true; multi-label=false"), settings);
    }
}
