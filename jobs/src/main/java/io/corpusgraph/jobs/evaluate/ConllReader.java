package io.corpusgraph.jobs.evaluate;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * CoNLL-style files: one token per line, its BIO tag in the last column (tab-separated, or
 * space-separated when a line has no tab, so extra columns such as POS tags are allowed), a blank line
 * between sentences, {@code -DOCSTART-} lines ignored. An {@code I-} tag that does not continue an
 * entity of its type starts one (IOB1 files), as in training/corpusgraph_train/conll.py.
 */
final class ConllReader {

    private ConllReader() {}

    static List<GoldSentence> read(String dataset, BufferedReader in) throws IOException {
        List<GoldSentence> sentences = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            String[] fields = line.contains("\t") ? line.split("\t") : line.strip().split("\\s+");
            if (line.isBlank() || fields[0].equals("-DOCSTART-")) {
                addSentence(dataset, sentences, words, tags);
                continue;
            }
            if (fields.length < 2) {
                throw new IllegalArgumentException("line " + lineNumber + ": expected a token and a BIO tag, got '" + line + "'");
            }
            String tag = fields[fields.length - 1].strip();
            if (!tag.equals("O") && !tag.startsWith("B-") && !tag.startsWith("I-")) {
                throw new IllegalArgumentException("line " + lineNumber + ": tag '" + tag + "' is not O, B-type or I-type");
            }
            words.add(fields[0]);
            tags.add(tag);
        }
        addSentence(dataset, sentences, words, tags);
        return sentences;
    }

    private static void addSentence(String dataset, List<GoldSentence> sentences, List<String> words, List<String> tags) {
        if (words.isEmpty()) {
            return;
        }
        String id = dataset + "#" + (sentences.size() + 1);
        sentences.add(new GoldSentence(id, words, spans(tags), List.of(), List.of()));
        words.clear();
        tags.clear();
    }

    static List<Span> spans(List<String> tags) {
        List<Span> spans = new ArrayList<>();
        int start = -1;
        String type = null;
        for (int i = 0; i <= tags.size(); i++) {
            String tag = i < tags.size() ? tags.get(i) : "O";
            boolean continues = tag.startsWith("I-") && tag.substring(2).equals(type);
            if (start >= 0 && !continues) {
                spans.add(new Span(start, i - 1, type));
                start = -1;
                type = null;
            }
            if (tag.startsWith("B-") || (tag.startsWith("I-") && start < 0)) {
                start = i;
                type = tag.substring(2);
            }
        }
        return spans;
    }
}
