package io.corpusgraph.jobs.config;

import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

/** EvaluateJob's named options; each one sets the conf/extract.conf key its description names. */
public final class EvaluateOptions {

    @Option(names = "--dataset", paramLabel = "NAME=FORMAT:PATH",
            description = "evaluate.datasets: a gold dataset, FORMAT conll, spert or jsonl; repeat for several")
    Map<String, String> datasets;

    @Option(names = "--model", paramLabel = "DIR", description = "model.dir")
    String model;

    @Option(names = "--device", paramLabel = "DEVICE", description = "model.device: auto, cpu, cuda or cuda:N")
    String device;

    @Option(names = "--labels", paramLabel = "LABEL", split = ",",
            description = "evaluate.labels: prompt labels for every dataset (default: each dataset's gold types)")
    List<String> labels;

    @Option(names = "--label-map", paramLabel = "GOLD=LABEL",
            description = "evaluate.label-map: prompt a gold type under another label, e.g. organisation=organization")
    Map<String, String> labelMap;

    @Option(names = "--threshold", paramLabel = "P", description = "evaluate.threshold (GLiNER's protocol: 0.5)")
    Double threshold;

    @Option(names = "--thresholds", paramLabel = "P", split = ",",
            description = "evaluate.thresholds: also report F1 at these, e.g. 0.3,0.4,0.5,0.6")
    List<Double> thresholds;

    @Option(names = "--mode", paramLabel = "MODE", description = "evaluate.mode: flat (GLiNER's protocol), nested or multi-label")
    String mode;

    @Option(names = "--relation-labels", paramLabel = "LABEL", split = ",",
            description = "evaluate.relation-labels: relation labels for datasets with gold relations (default: their gold types)")
    List<String> relationLabels;

    @Option(names = "--relation-threshold", paramLabel = "P", description = "evaluate.relation-threshold")
    Double relationThreshold;

    @Option(names = "--limit", paramLabel = "N", description = "evaluate.limit: first N sentences per dataset")
    Integer limit;

    @Option(names = "--partitions", paramLabel = "N", description = "spark.partitions")
    Integer partitions;

    @Option(names = "--run-date", paramLabel = "DATE", description = "run.date: yyyy-MM-dd or today")
    String runDate;

    public void addTo(Map<String, Object> overrides) {
        Overrides.put(overrides, "evaluate.datasets", datasets);
        Overrides.put(overrides, "model.dir", model);
        Overrides.put(overrides, "model.device", device);
        Overrides.put(overrides, "evaluate.labels", labels);
        Overrides.put(overrides, "evaluate.label-map", labelMap);
        Overrides.put(overrides, "evaluate.threshold", threshold);
        Overrides.put(overrides, "evaluate.thresholds", thresholds);
        Overrides.put(overrides, "evaluate.mode", mode);
        Overrides.put(overrides, "evaluate.relation-labels", relationLabels);
        Overrides.put(overrides, "evaluate.relation-threshold", relationThreshold);
        Overrides.put(overrides, "evaluate.limit", limit);
        Overrides.put(overrides, "spark.partitions", partitions);
        Overrides.put(overrides, "run.date", runDate);
    }
}
