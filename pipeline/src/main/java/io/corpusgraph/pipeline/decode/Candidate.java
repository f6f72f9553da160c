package io.corpusgraph.pipeline.decode;

/**
 * A scored span before selection: words {@code start..end} inclusive, label index {@code label}
 * (0-based: the label with id {@code label + 1}), probability {@code score}.
 */
public record Candidate(int start, int end, int label, float score) {

    public Candidate shifted(int words) {
        return new Candidate(start + words, end + words, label, score);
    }
}
