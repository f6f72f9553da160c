package io.corpusgraph.pipeline.family;

import java.util.ArrayList;
import java.util.List;

import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.DocumentResult;
import io.corpusgraph.pipeline.Entity;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ExtractionStats;
import io.corpusgraph.pipeline.decode.Candidate;
import io.corpusgraph.pipeline.decode.GreedySelector;
import io.corpusgraph.pipeline.decode.WindowMerger;
import io.corpusgraph.pipeline.encode.EncodedWindow;
import io.corpusgraph.pipeline.encode.Prompt;
import io.corpusgraph.pipeline.encode.PromptEncoder;
import io.corpusgraph.pipeline.encode.WordTokens;
import io.corpusgraph.pipeline.relate.DocumentRelations;
import io.corpusgraph.pipeline.run.ModelTask;
import io.corpusgraph.pipeline.text.Window;
import io.corpusgraph.pipeline.text.Windowing;
import io.corpusgraph.pipeline.text.WordSplitter;
import io.corpusgraph.pipeline.text.Words;

/** One document on its way through a GLiNER model: what each stage produced, or why it stopped. */
final class DocumentWork {
    final String id;
    final Words words;
    final WordTokens tokens;
    final List<Window> windows;
    final List<EncodedWindow> encoded;
    final WindowMerger merger = new WindowMerger();
    List<Candidate> spans;
    List<Entity> entities;
    DocumentRelations relations;
    String error;

    private DocumentWork(String id, Words words, WordTokens tokens, List<Window> windows, List<EncodedWindow> encoded) {
        this.id = id;
        this.words = words;
        this.tokens = tokens;
        this.windows = windows;
        this.encoded = encoded;
    }

    private static DocumentWork failed(String id, String error) {
        DocumentWork work = new DocumentWork(id, null, null, List.of(), List.of());
        work.error = error;
        return work;
    }

    /** Text → words (split here unless the document brings its own) → sub-tokens → windows → encoded windows. */
    static DocumentWork prepare(Document doc, WordSplitter splitter, PromptEncoder encoder, Prompt prompt,
                                Windowing windowing, ExtractionStats stats) {
        stats.add(Counter.DOCUMENTS, 1);
        String id = doc == null ? null : doc.id();
        String text = doc == null ? null : doc.text();
        if (text == null) {
            return failed(id, "null text");
        }
        long t0 = System.nanoTime();
        Words words = doc.words() != null ? Words.joined(doc.words()) : splitter.split(text);
        long t1 = stats.time(Counter.SPLIT_NANOS, t0);
        if (words.count() == 0) {
            return failed(id, "empty text");
        }
        try {
            WordTokens tokens = encoder.tokenize(words);
            List<Window> windows = windowing.windows(tokens.subTokenCounts());
            List<EncodedWindow> encoded = new ArrayList<>(windows.size());
            for (Window window : windows) {
                encoded.add(encoder.encode(prompt, tokens, window));
            }
            stats.add(Counter.WORDS, words.count());
            stats.add(Counter.WINDOWS, windows.size());
            return new DocumentWork(id, words, tokens, windows, encoded);
        } catch (RuntimeException e) {
            return failed(id, "tokenizer failed: " + e.getMessage());
        } finally {
            stats.time(Counter.TOKENIZE_NANOS, t1);
        }
    }

    /** This document's windows as model inputs whose candidates merge back into it. */
    List<ModelTask<List<Candidate>>> windowTasks() {
        List<ModelTask<List<Candidate>>> tasks = new ArrayList<>(windows.size());
        for (int w = 0; w < windows.size(); w++) {
            tasks.add(new WindowTask(this, windows.get(w), encoded.get(w)));
        }
        return tasks;
    }

    /** Merged candidates → greedy selection over the whole document → entities with code point offsets. */
    void select(ExtractionSpec spec, ExtractionStats stats) {
        if (error != null) {
            return;
        }
        long t0 = System.nanoTime();
        spans = new GreedySelector(spec.flatNer(), spec.multiLabel()).select(merger.candidates());
        entities = new ArrayList<>(spans.size());
        for (Candidate c : spans) {
            entities.add(new Entity(words.codePointStart(c.start()), words.codePointEnd(c.end()),
                    words.textBetween(c.start(), c.end()), spec.labels().get(c.label()), c.score()));
        }
        stats.time(Counter.DECODE_NANOS, t0);
    }

    DocumentResult result(ExtractionStats stats) {
        if (error == null && relations != null && relations.error() != null) {
            error = relations.error();
        }
        if (error != null) {
            stats.add(Counter.QUARANTINED, 1);
            return new DocumentResult(id, List.of(), words == null ? 0 : words.count(), windows.size(), error);
        }
        stats.add(Counter.ENTITIES, entities.size());
        if (relations == null) {
            return new DocumentResult(id, entities, words.count(), windows.size(), null);
        }
        long t0 = System.nanoTime();
        DocumentRelations.Result found = relations.finish();
        stats.add(Counter.RELATIONS, found.relations().size());
        stats.add(Counter.RELATIONS_DROPPED, found.dropped());
        stats.time(Counter.DECODE_NANOS, t0);
        return new DocumentResult(id, entities, found.relations(), found.dropped(), words.count(), windows.size(), null);
    }

    /** One window of one document, as it goes into a batch. */
    private record WindowTask(DocumentWork document, Window window, EncodedWindow encoded) implements ModelTask<List<Candidate>> {
        @Override
        public void accept(List<Candidate> candidates) {
            document.merger.add(candidates, window.start());
        }

        @Override
        public void fail(String error) {
            document.error = error;
        }
    }
}
