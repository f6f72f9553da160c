package io.corpusgraph.jobs.evaluate;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;

/** The gold formats a dataset can be in; each names the reader that turns a file into sentences. */
public enum GoldFormat {
    /** {@code token<TAB>BIO}, extra columns allowed, blank line between sentences. */
    CONLL,
    /** SpERT JSON: {@code [{tokens, entities: [{type, start, end}], relations: [{type, head, tail}]}]}. */
    SPERT,
    /** JSON lines with character offsets: {@code {text, entities: [{start, end, label}], relations: [{head, tail, label}]}}. */
    JSONL,
    /**
     * CLUENER2020 JSON lines: {@code {text, label: {type: {surface: [[start, end inclusive]]}}}}, character offsets.
     */
    CLUENER;

    /** @throws IllegalArgumentException naming the line or record that is not in this format */
    public List<GoldSentence> read(String dataset, BufferedReader in) throws IOException {
        return switch (this) {
            case CONLL -> ConllReader.read(dataset, in);
            case SPERT -> SpertReader.read(dataset, in);
            case JSONL -> JsonlReader.read(dataset, in);
            case CLUENER -> CluenerReader.read(dataset, in);
        };
    }
}
