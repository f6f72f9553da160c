package io.corpusgraph.jobs.evaluate;

import java.util.List;
import java.util.Optional;

/**
 * What one gold dataset scored.
 *
 * @param labels      the labels the model was prompted with
 * @param quarantined sentences the model could not read (their gold entities and relations count as missed), with reasons
 * @param unaligned   gold entities not on word boundaries (counted as missed)
 * @param relations   relation scores; empty when the dataset has no gold relations
 */
public record DatasetScores(GoldDataset dataset, List<String> labels, int sentences, List<String> quarantined,
                            long unaligned, ThresholdSweep entities, Optional<RelationScores> relations) {}
