package io.corpusgraph.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.corpusgraph.jobs.GraphExportJob;
import io.corpusgraph.jobs.JobSetupException;

class GraphExportConfigTest {

    @Test
    void optionsOverrideTheGraphExportSection() {
        GraphExportConfig config = GraphExportJob.parse("--from", "2024-03-04", "--to", "2024-03-05", "--min-score", "0.4",
                "--graph-path", "/tmp/feed", "--base-iri", "https://kg.example/", "--output-format", "parquet");
        assertEquals(LocalDate.of(2024, 3, 4), config.from());
        assertEquals(LocalDate.of(2024, 3, 5), config.to());
        assertEquals(0.4, config.minScore());
        assertEquals("/tmp/feed", config.path());
        assertEquals("https://kg.example/", config.baseIri());
        assertEquals(OutputSpec.OutputFormat.PARQUET, config.tables().format());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--from|2024-13-01|graph-export.from = 2024-13-01: not a date",
        "--to|yesterday|graph-export.to = yesterday: not a date",
        "--min-score|1.5|graph-export.min-score = 1.5: must be in [0, 1]",
        "--base-iri|example.org/x/|graph-export.base-iri = example.org/x/: not absolute",
        "--base-iri|https://example.org/x|graph-export.base-iri = https://example.org/x: must end with / or #",
        "--base-iri|https://example.org/a b/|graph-export.base-iri = https://example.org/a b/: Illegal character in path"})
    void badSettingsFailWithTheKeyAndWhatIsWrong(String option, String value, String message) {
        JobSetupException e = assertThrows(JobSetupException.class,
                () -> GraphExportJob.parse("--from", "2024-03-01", "--to", "2024-03-02", option, value));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsRejected() {
        JobSetupException e = assertThrows(JobSetupException.class,
                () -> GraphExportJob.parse("--from", "2024-03-05", "--to", "2024-03-04"));
        assertEquals("graph-export.from = 2024-03-05 is after graph-export.to = 2024-03-04", e.getMessage());
    }
}
