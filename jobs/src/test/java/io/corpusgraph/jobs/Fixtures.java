package io.corpusgraph.jobs;

import static org.apache.spark.sql.functions.col;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

import com.fasterxml.jackson.databind.JsonNode;

import io.corpusgraph.jobs.evaluate.EvaluationReport;
import io.corpusgraph.jobs.output.Table;

/**
 * What the jobs' tests share, in one place: the tiny test model and its labels, a small corpus, and
 * reads of the tables a run wrote (the session is {@link LocalSpark}'s).
 */
final class Fixtures {
    private Fixtures() {}

    /** The tiny span model the pipeline's tests use (training/make_test_models.py). */
    static final Path MODEL = Path.of("../pipeline/src/test/resources/models/tiny-span").toAbsolutePath().normalize();
    static final List<String> LABELS = List.of("person", "organization", "location", "date");

    /** doc_id → text of documents that can be extracted (the extract tests' corpus). */
    static final Map<String, String> GOOD = new TreeMap<>(Map.of(
            "science/curie.txt", "Marie Curie received the Nobel Prize in Chemistry in December 1911 in Stockholm.",
            "history/titanic.txt", "RMS Titanic left Southampton on 10 April 1912. Captain Edward Smith went down with the ship.",
            "places/rocket.txt", "The 🚀 launch of Sputnik 1 by the Soviet Union on 4 October 1957 from Baikonur; Sergei Korolev led it. 🌍",
            "places/kyoto.txt", "任天堂は1889年9月23日に山内房治郎によって京都で創業された。",
            "history/long.txt", "Neil Armstrong and Buzz Aldrin landed on the Moon on 20 July 1969 while Michael Collins stayed in orbit. "
                    .repeat(40)));

    /** The {@link #GOOD} documents as a text folder. */
    static Path writeGood(Path folder) throws IOException {
        for (var doc : GOOD.entrySet()) {
            write(folder.resolve(doc.getKey()), doc.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return folder;
    }

    /** Three one-sentence documents, ids a, b and c, as a JSONL file. */
    static Path writeThreeJsonl(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, List.of(
                "{\"id\": \"a\", \"text\": \"Marie Curie worked in Paris.\"}",
                "{\"id\": \"b\", \"text\": \"Alan Turing was born in London.\"}",
                "{\"id\": \"c\", \"text\": \"Ada Lovelace met Charles Babbage.\"}"));
        return file;
    }

    static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    static Dataset<Row> table(Path output, Table table) {
        return LocalSpark.session().read().format("delta").load(output.resolve(table.key()).toString());
    }

    /** doc_id|start|end|label → score, for comparing runs. */
    static Map<String, Float> entities(Path output, LocalDate date) {
        return on(table(output, Table.ENTITIES), date).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs("doc_id") + "|" + r.getAs("start") + "|" + r.getAs("end") + "|" + r.getAs("label"),
                        r -> (Float) r.getAs("score"), (a, b) -> { throw new AssertionError("duplicate entity " + a); }, TreeMap::new));
    }

    static Dataset<Row> on(Dataset<Row> rows, LocalDate date) {
        return rows.where(col(Table.RUN_DATE).equalTo(Date.valueOf(date)));
    }

    static List<String> docIds(Path output, LocalDate date) {
        return on(table(output, Table.DOCUMENTS), date).orderBy("doc_id").select("doc_id").as(Encoders.STRING()).collectAsList();
    }

    static List<String> runIds(Dataset<Row> rows) {
        return rows.select("run_id").distinct().as(Encoders.STRING()).collectAsList();
    }


    /** args plus one --label-map per entry of the golden file's label_map (as the Python side mapped them). */
    static List<String> withLabelMap(List<String> args, JsonNode expected) {
        expected.get("label_map").fields().forEachRemaining(e -> {
            args.add("--label-map");
            args.add(e.getKey() + "=" + e.getValue().asText());
        });
        return args;
    }

    /** What EvaluateJob prints. */
    static String markdown(EvaluationReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.printMarkdown(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * A JSON-lines corpus of short news-like documents dense in people, organizations, places and dates (ids
     * {@code doc-0000}, …, two or three sentences each), the same for the same seed, as large as a test needs.
     */
    static void writeCorpus(Path file, int docs, long seed) throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < docs; i++) {
            StringBuilder text = new StringBuilder();
            for (int s = 0, sentences = 2 + random.nextInt(2); s < sentences; s++) {
                text.append(pick(random, PEOPLE)).append(" met officials of ").append(pick(random, ORGANIZATIONS))
                        .append(" in ").append(pick(random, PLACES)).append(" on ").append(pick(random, DATES)).append(". ");
            }
            lines.add("{\"id\": \"doc-%04d\", \"text\": \"%s\"}".formatted(i, text.toString().strip()));
        }
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }

    private static String pick(Random random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static final String[] PEOPLE = {"Marie Curie", "Edward Smith", "Neil Armstrong", "Ada Lovelace", "Sergei Korolev",
            "Grace Hopper", "Alan Turing", "Lise Meitner"};
    private static final String[] ORGANIZATIONS = {"the Soviet Union", "Nintendo", "the Royal Society", "NASA", "IBM",
            "the University of Paris", "White Star Line"};
    private static final String[] PLACES = {"Paris", "Stockholm", "Southampton", "Kyoto", "Baikonur", "London", "Houston"};
    private static final String[] DATES = {"4 October 1957", "10 April 1912", "20 July 1969", "December 1911", "1889", "May 1945"};

    /** EvaluateJob's gold files and the Python evaluation's expected figures (training/make_eval_golden.py). */
    static final Path EVALUATE_RESOURCES = Path.of("src/test/resources/evaluate").toAbsolutePath();
}
