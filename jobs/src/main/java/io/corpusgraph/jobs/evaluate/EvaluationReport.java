package io.corpusgraph.jobs.evaluate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import io.corpusgraph.jobs.charts.EvaluationCharts;
import io.corpusgraph.jobs.config.EvaluateConfig;
import io.corpusgraph.jobs.output.Table;

/** One evaluation run: its rows of the evaluations table and the markdown tables it prints. */
public record EvaluationReport(String runId, LocalDate runDate, String modelId, Instant startedAt,
                               EvaluateConfig config, List<DatasetScores> datasets) {

    public static final String ENTITIES = "entities";
    public static final String RELATIONS = "relations";

    /**
     * Per dataset and entity threshold: one entities row for all labels (label null, micro-averaged), then one
     * per label; then, for a dataset with gold relations, the same for relations at the relation threshold.
     */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (DatasetScores d : datasets) {
            d.entities().byThreshold().forEach((threshold, counts) -> addRows(rows, d, ENTITIES, threshold, counts));
            d.relations().ifPresent(r -> addRows(rows, d, RELATIONS, config.relationThreshold(), r.counts()));
        }
        return rows;
    }

    private void addRows(List<Row> rows, DatasetScores d, String task, double threshold, LabelCounts counts) {
        rows.add(row(d, task, threshold, null, counts.micro()));
        counts.byLabel().forEach((label, c) -> rows.add(row(d, task, threshold, label, c)));
    }

    private Row row(DatasetScores d, String task, double threshold, String label, Counts c) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("dataset", d.dataset().name());
        values.put("format", d.dataset().format().name().toLowerCase(Locale.ROOT));
        values.put("path", d.dataset().path());
        values.put("task", task);
        values.put("label", label);
        values.put("threshold", threshold);
        values.put("sentences", (long) d.sentences());
        values.put("tp", c.tp());
        values.put("fp", c.fp());
        values.put("fn", c.fn());
        values.put("support", c.support());
        values.put("precision", c.precision());
        values.put("recall", c.recall());
        values.put("f1", c.f1());
        values.put("settings", config.settingsJson());
        values.put("evaluated_at", Timestamp.from(startedAt));
        values.put("run_id", runId);
        values.put("model_id", modelId);
        values.put(Table.RUN_DATE, Date.valueOf(runDate));
        return RowFactory.create(Arrays.stream(Table.EVALUATIONS.schema().fieldNames()).map(values::get).toArray());
    }

    /**
     * {@code evaluation.md} (what {@link #printMarkdown} prints) and the charts beside it, as PNG: F1 by threshold
     * per dataset ({@code f1-by-threshold.png}, when several thresholds are scored) and F1 per label at the
     * threshold, one per dataset ({@code f1-by-label-<dataset>.png}). Returns the markdown and PNG files written;
     * each PNG has an SVG twin of the same name.
     */
    public List<Path> write(Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        Path markdown = folder.resolve("evaluation.md");
        try (PrintStream out = new PrintStream(Files.newOutputStream(markdown), true, StandardCharsets.UTF_8)) {
            printMarkdown(out);
        }
        files.add(markdown);
        if (config.thresholds().size() > 1) {
            Map<String, SortedMap<Double, Double>> f1 = new LinkedHashMap<>();
            for (DatasetScores d : datasets) {
                SortedMap<Double, Double> byThreshold = new TreeMap<>();
                config.thresholds().forEach(t -> byThreshold.put(t, 100 * d.entities().at(t).micro().f1()));
                f1.put(d.dataset().name(), byThreshold);
            }
            files.add(EvaluationCharts.f1ByThreshold(f1, folder.resolve("f1-by-threshold.png")));
        }
        for (DatasetScores d : datasets) {
            Map<String, Double> byLabel = new LinkedHashMap<>();
            d.entities().at(config.threshold()).byLabel().forEach((label, c) -> byLabel.put(label, 100 * c.f1()));
            if (!byLabel.isEmpty()) {
                String name = d.dataset().name().replaceAll("[^A-Za-z0-9._-]", "_");
                files.add(EvaluationCharts.f1ByLabel(d.dataset().name(), byLabel, folder.resolve("f1-by-label-" + name + ".png")));
            }
        }
        return files;
    }

    /** Paper-style tables: per dataset with a macro-average row, per label, and F1 per threshold. */
    public void printMarkdown(PrintStream out) {
        double main = config.threshold();
        out.printf("%n## corpusgraph evaluate: %s, %s%n%n", modelId, runDate);
        boolean byCharacters = io.corpusgraph.pipeline.extract.Extractor.modelTags(config.extraction().model().modelDir()) != null;
        out.printf("Entities, exact (%s, label), micro P/R/F1 in %%; threshold %s, %s%s.%n%n",
                byCharacters ? "start and end character" : "start word, end word", main, config.mode(),
                config.labelMapping().renames().isEmpty() ? "" : ", labels mapped " + config.labelMapping().renames());
        out.println("| dataset | sentences | P | R | F1 | support |");
        out.println("|---|---:|---:|---:|---:|---:|");
        for (DatasetScores d : datasets) {
            Counts c = d.entities().at(main).micro();
            out.printf("| %s | %d | %s | %s | %s | %d |%n", d.dataset().name(), d.sentences(),
                    pct(c.precision()), pct(c.recall()), pct(c.f1()), c.support());
        }
        out.printf("| **average** | %d | %s | %s | %s | %d |%n", datasets.stream().mapToLong(DatasetScores::sentences).sum(),
                pct(average(main, Counts::precision)), pct(average(main, Counts::recall)), pct(average(main, Counts::f1)),
                datasets.stream().mapToLong(d -> d.entities().at(main).micro().support()).sum());
        out.printf("%nPer label, threshold %s.%n%n", main);
        out.println("| dataset | label | P | R | F1 | support |");
        out.println("|---|---|---:|---:|---:|---:|");
        for (DatasetScores d : datasets) {
            d.entities().at(main).byLabel().forEach((label, c) -> out.printf("| %s | %s | %s | %s | %s | %d |%n",
                    d.dataset().name(), label, pct(c.precision()), pct(c.recall()), pct(c.f1()), c.support()));
        }
        if (config.thresholds().size() > 1) {
            out.printf("%nF1 by threshold (one model pass at %s).%n%n", config.thresholds().get(0));
            out.println("| dataset | " + config.thresholds().stream().map(String::valueOf).collect(Collectors.joining(" | ")) + " |");
            out.println("|---|" + "---:|".repeat(config.thresholds().size()));
            for (DatasetScores d : datasets) {
                out.println("| " + d.dataset().name() + " | " + config.thresholds().stream()
                        .map(t -> pct(d.entities().at(t).micro().f1())).collect(Collectors.joining(" | ")) + " |");
            }
            out.println("| **average** | " + config.thresholds().stream()
                    .map(t -> pct(average(t, Counts::f1))).collect(Collectors.joining(" | ")) + " |");
        }
        printRelations(out);
        printNotes(out);
    }

    /** Relations of the datasets with gold relations: per dataset, then per relation label. */
    private void printRelations(PrintStream out) {
        List<DatasetScores> scored = datasets.stream().filter(d -> d.relations().isPresent()).toList();
        if (scored.isEmpty()) {
            return;
        }
        out.printf("%nRelations, end to end: heads and tails are the model's own entities (threshold %s), as in GLiNER's "
                + "multitask evaluation; exact (head span, tail span, type), micro P/R/F1 in %%; relation threshold %s. "
                + "Dropped: relations found whose head or tail is none of the sentence's entities (not written, not "
                + "scored).%n%n",
                config.thresholds().get(0), config.relationThreshold());
        out.println("| dataset | sentences | P | R | F1 | support | dropped |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (DatasetScores d : scored) {
            Counts c = d.relations().get().counts().micro();
            out.printf("| %s | %d | %s | %s | %s | %d | %d |%n", d.dataset().name(), d.sentences(),
                    pct(c.precision()), pct(c.recall()), pct(c.f1()), c.support(), d.relations().get().dropped().get());
        }
        out.printf("%nRelations per label.%n%n");
        out.println("| dataset | relation | P | R | F1 | support |");
        out.println("|---|---|---:|---:|---:|---:|");
        for (DatasetScores d : scored) {
            d.relations().get().counts().byLabel().forEach((label, c) -> out.printf("| %s | %s | %s | %s | %s | %d |%n",
                    d.dataset().name(), label, pct(c.precision()), pct(c.recall()), pct(c.f1()), c.support()));
        }
    }

    private void printNotes(PrintStream out) {
        out.println();
        out.println("The average row is the mean over datasets (P, R and F1 each), as in GLiNER's tables.");
        for (DatasetScores d : datasets) {
            out.printf("%s: labels %s", d.dataset().name(), d.labels());
            if (d.unaligned() > 0) {
                out.printf("; %d gold entities not on word boundaries, counted as missed", d.unaligned());
            }
            d.relations().ifPresent(r -> out.printf("; relation labels %s", r.labels()));
            if (!d.quarantined().isEmpty()) {
                out.printf("; %d sentences quarantined, their entities and relations counted as missed, e.g. %s",
                        d.quarantined().size(), d.quarantined().get(0));
            }
            out.println();
        }
        out.printf("run %s; settings %s%n", runId, config.settingsJson());
    }

    private double average(double threshold, ToDoubleFunction<Counts> figure) {
        return datasets.stream().mapToDouble(d -> figure.applyAsDouble(d.entities().at(threshold).micro())).average().orElse(0);
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f", 100 * fraction);
    }
}
