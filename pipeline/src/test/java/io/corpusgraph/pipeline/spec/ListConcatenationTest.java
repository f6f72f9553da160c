package io.corpusgraph.pipeline.spec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;

import io.corpusgraph.pipeline.SettingsException;

/** {@code [say "hi"]} is refused where HOCON would make it the one label "say hi"; well-formed lists pass. */
class ListConcatenationTest {

    @Test
    void hoconReallyJoinsTheElement() {
        // What the check guards against, from HOCON itself.
        assertEquals(List.of("say hi"), ConfigFactory.parseString("l = [say \"hi\"]").getStringList("l"));
    }

    @Test
    void aMixedElementIsRefusedInASetValueWithTheElementNamed() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> SpecConfig.values(Map.of("extraction.labels", "[person, say \"hi\"]"), "--set"));
        assertTrue(e.getMessage().startsWith("--set extraction.labels: the list element say \"hi\" mixes quoted and unquoted"),
                e.getMessage());
    }

    @Test
    void aMixedElementIsRefusedInAConfigFileInsideItsObject(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("my.conf"), "extraction {\n  # a comment with \"quotes\" and [brackets\n"
                + "  labels = [\n    person\n    \"date of birth\" place\n  ]\n}\n");
        SettingsException e = assertThrows(SettingsException.class, () -> ListConcatenation.check(Files.readString(file), "--config my.conf"));
        assertTrue(e.getMessage().contains("\"date of birth\" place"), e.getMessage());
    }

    @Test
    void theProjectsOwnConfFilesPass() throws Exception {
        for (Path file : List.of(Path.of("../conf/extract.conf"), Path.of("../sample-data/demo.conf"))) {
            String text = Files.readString(file);
            assertDoesNotThrow(() -> ListConcatenation.check(text, file.toString()));
        }
    }

    @Test
    void wellFormedListsPass() {
        for (String ok : List.of("[person, \"date of birth\", organization]", "[\"a, b\", c]", "[say hi]",
                "[[person, organization], [\"person\", location]]", "[\"say \\\"hi\\\"\"]", "[\n  person\n  \"place\"\n]",
                "[{a = \"x\", b = y}]", "[\"\"\"triple \"quoted\" text\"\"\", x]")) {
            assertDoesNotThrow(() -> ListConcatenation.check(ok, "--set x"), ok);
        }
    }
}
