package io.corpusgraph.jobs.evaluate;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Counts per label over many sentences, micro-averaged: every predicted item that is also gold is a true
 * positive, every other prediction a false positive, every gold item not predicted a false negative.
 * Items compare exactly (spans: start word, end word, label; relations: head span, tail span, type),
 * and, as in GLiNER's evaluation, a sentence's items are sets: a duplicate counts once.
 */
public final class LabelCounts {
    private final Map<String, Counts> byLabel = new TreeMap<>();

    /** Adds one sentence. {@code label} names the label an item is counted under. */
    public <T> void add(Collection<T> predicted, Collection<T> gold, Function<T, String> label) {
        Set<T> predictedSet = new HashSet<>(predicted);
        Set<T> goldSet = new HashSet<>(gold);
        for (T item : predictedSet) {
            counts(label.apply(item)).add(goldSet.contains(item) ? 1 : 0, goldSet.contains(item) ? 0 : 1, 0);
        }
        for (T item : goldSet) {
            if (!predictedSet.contains(item)) {
                counts(label.apply(item)).add(0, 0, 1);
            }
        }
    }

    /** Gold items no prediction can match (e.g. entities not on word boundaries): missed. */
    public void addMissed(Collection<Span> gold) {
        for (Span span : new HashSet<>(gold)) {
            counts(span.label()).add(0, 0, 1);
        }
    }

    /** Makes a label appear (with zeros) even when no sentence had it, e.g. a prompt label without gold. */
    public void include(String label) {
        counts(label);
    }

    /** Label → counts, labels in alphabetical order. */
    public Map<String, Counts> byLabel() {
        return byLabel;
    }

    /** All labels together: the micro-averaged figures. */
    public Counts micro() {
        Counts total = new Counts();
        byLabel.values().forEach(total::add);
        return total;
    }

    private Counts counts(String label) {
        return byLabel.computeIfAbsent(label, k -> new Counts());
    }
}
