package io.corpusgraph.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.GraphExportJob;
import io.corpusgraph.jobs.JobSetupException;

/** Issue 19, item 10: unknown keys in a --config file were ignored; dates like +10000-01-01 were accepted. */
class ConfigStrictnessTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownKeyInAConfigFileFailsLikeSetDoes() throws Exception {
        Path file = Files.writeString(dir.resolve("my.conf"), "extraction { treshold = 0.3 }\n");
        JobSetupException e = assertThrows(JobSetupException.class, () -> GraphExportJob.parse("--config", file.toString()));
        assertEquals("--config " + file + ": extraction.treshold: no such setting (see conf/extract.conf for the keys)", e.getMessage());

        Path topLevel = Files.writeString(dir.resolve("top.conf"), "outptu.path = /x\n");
        assertEquals("--config " + topLevel + ": outptu: no such setting (see conf/extract.conf for the keys)",
                assertThrows(JobSetupException.class, () -> GraphExportJob.parse("--config", topLevel.toString())).getMessage());
    }

    @Test
    void knownKeysAndTheUsersOwnNamesInMapSectionsAreAccepted() throws Exception {
        Path file = Files.writeString(dir.resolve("ok.conf"), String.join("\n",
                "graph-export.min-score = 0.25",
                "output { path = " + dir.resolve("t") + ", tables { entities = my_entities } }",
                "evaluate { datasets { my-dev = \"conll:/data/dev.txt\" }, label-map { org = organization } }",
                "relations.schema = [[person, organization]]",
                ""));
        GraphExportConfig config = GraphExportJob.parse("--config", file.toString());
        assertEquals(0.25, config.minScore());
    }

    @Test
    void datesOutsideYears1To9999AreRefused() {
        for (String date : new String[] {"+10000-01-01", "-0001-01-01", "0000-01-01"}) {
            JobSetupException e = assertThrows(JobSetupException.class,
                    () -> GraphExportJob.parse("--from", date, "--to", "2024-01-01"), date);
            assertEquals("graph-export.from = " + date.replaceFirst("^\\+", "+") + ": not a date; use yyyy-MM-dd (years 0001 to 9999) or today",
                    e.getMessage().replace(java.time.LocalDate.parse(date).toString(), date));
        }
    }
}
