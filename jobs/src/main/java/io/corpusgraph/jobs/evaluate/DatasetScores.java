package io.corpusgraph.jobs.evaluate;

import java.util.List;

/**
 * What one gold dataset scored.
 *
 * @param labels        the labels the model was prompted with
 * @param quarantined   sentences the model could not read (their gold entities count as missed), with reasons
 * @param unaligned     gold entities not on word boundaries (counted as missed)
 * @param goldRelations gold relations read; not scored until the pipeline predicts relations
 */
public record DatasetScores(GoldDataset dataset, List<String> labels, int sentences, List<String> quarantined,
                            long unaligned, long goldRelations, ThresholdSweep entities) {}
