package io.corpusgraph.jobs.config;

import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

/** ExtractJob's named options; each one sets the conf/extract.conf key its description names. */
public final class ExtractOptions {

    @Option(names = "--input", paramLabel = "PATH", description = "input.path")
    String input;

    @Option(names = "--input-format", paramLabel = "FORMAT", description = "input.format: text, jsonl, parquet, delta or table")
    String inputFormat;

    @Option(names = "--input-table", paramLabel = "NAME", description = "input.table (and input.format = table)")
    String inputTable;

    @Option(names = "--id-field", paramLabel = "NAME", description = "input.id-field")
    String idField;

    @Option(names = "--text-field", paramLabel = "NAME", description = "input.text-field")
    String textField;

    @Option(names = "--model", paramLabel = "DIR", description = "model.dir")
    String model;

    @Option(names = "--device", paramLabel = "DEVICE", description = "model.device: auto, cpu, cuda or cuda:N")
    String device;

    @Option(names = "--labels", paramLabel = "LABEL", split = ",", description = "extraction.labels, comma-separated")
    List<String> labels;

    @Option(names = "--threshold", paramLabel = "P", description = "extraction.threshold")
    Double threshold;

    @Option(names = "--mode", paramLabel = "MODE", description = "extraction.mode: flat, nested or multi-label")
    String mode;

    @Option(names = "--window-words", paramLabel = "N", description = "extraction.window-words")
    Integer windowWords;

    @Option(names = "--window-overlap-words", paramLabel = "N", description = "extraction.window-overlap-words")
    Integer windowOverlapWords;

    @Option(names = "--batch-token-budget", paramLabel = "N", description = "extraction.batch-token-budget")
    Integer batchTokenBudget;

    @Option(names = "--max-document-chars", paramLabel = "N", description = "extraction.max-document-chars")
    Integer maxDocumentChars;

    @Option(names = "--partitions", paramLabel = "N", description = "spark.partitions")
    Integer partitions;

    @Option(names = "--run-date", paramLabel = "DATE", description = "run.date: yyyy-MM-dd or today")
    String runDate;

    @Option(names = "--incremental", description = "run.incremental = true")
    Boolean incremental;

    public void addTo(Map<String, Object> overrides) {
        Overrides.put(overrides, "input.path", input);
        Overrides.put(overrides, "input.format", inputFormat);
        if (inputTable != null) {
            overrides.put("input.table", inputTable);
            overrides.put("input.format", "table");
        }
        Overrides.put(overrides, "input.id-field", idField);
        Overrides.put(overrides, "input.text-field", textField);
        Overrides.put(overrides, "model.dir", model);
        Overrides.put(overrides, "model.device", device);
        Overrides.put(overrides, "extraction.labels", labels);
        Overrides.put(overrides, "extraction.threshold", threshold);
        Overrides.put(overrides, "extraction.mode", mode);
        Overrides.put(overrides, "extraction.window-words", windowWords);
        Overrides.put(overrides, "extraction.window-overlap-words", windowOverlapWords);
        Overrides.put(overrides, "extraction.batch-token-budget", batchTokenBudget);
        Overrides.put(overrides, "extraction.max-document-chars", maxDocumentChars);
        Overrides.put(overrides, "spark.partitions", partitions);
        Overrides.put(overrides, "run.date", runDate);
        Overrides.put(overrides, "run.incremental", incremental);
    }
}
