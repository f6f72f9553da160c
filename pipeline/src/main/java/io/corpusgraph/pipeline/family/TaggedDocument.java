package io.corpusgraph.pipeline.family;

import java.util.ArrayList;
import java.util.List;

import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.DocumentResult;
import io.corpusgraph.pipeline.Entity;
import io.corpusgraph.pipeline.ExtractionStats;
import io.corpusgraph.pipeline.encode.EncodedWindow;
import io.corpusgraph.pipeline.run.ModelTask;
import io.corpusgraph.pipeline.tagging.TagDecoding;
import io.corpusgraph.pipeline.tagging.TaggedSpan;
import io.corpusgraph.pipeline.tagging.TaggerTokenizer;
import io.corpusgraph.pipeline.tagging.TextTokens;
import io.corpusgraph.pipeline.tagging.TokenWindows;
import io.corpusgraph.pipeline.text.Window;

/** One document on its way through a token-classification model: what each stage produced, or why it stopped. */
final class TaggedDocument {
    final String id;
    final String text;
    final TextTokens tokens;
    final List<Window> windows;
    final List<EncodedWindow> encoded;
    final List<float[][]> scores;
    List<Entity> entities;
    String error;

    private TaggedDocument(String id, String text, TextTokens tokens, List<Window> windows, List<EncodedWindow> encoded) {
        this.id = id;
        this.text = text;
        this.tokens = tokens;
        this.windows = windows;
        this.encoded = encoded;
        this.scores = new ArrayList<>(java.util.Collections.nCopies(windows.size(), (float[][]) null));
    }

    private static TaggedDocument failed(String id, String error) {
        TaggedDocument work = new TaggedDocument(id, null, null, List.of(), List.of());
        work.error = error;
        return work;
    }

    /** Text → tokens with code point offsets → windows → [CLS] window tokens [SEP] (contract §3.1, §3.2). */
    static TaggedDocument prepare(Document doc, TaggerTokenizer tokenizer, TokenWindows windowing, ExtractionStats stats) {
        stats.add(Counter.DOCUMENTS, 1);
        String id = doc == null ? null : doc.id();
        String text = doc == null ? null : doc.text();
        if (text == null) {
            return failed(id, "null text");
        }
        long t0 = System.nanoTime();
        try {
            TextTokens tokens = tokenizer.tokenize(text);
            if (tokens.count() == 0) {
                return failed(id, "empty text");
            }
            List<Window> windows = windowing.windows(tokens.count());
            long[] prefix = tokenizer.prefix();
            long[] suffix = tokenizer.suffix();
            List<EncodedWindow> encoded = new ArrayList<>(windows.size());
            for (Window window : windows) {
                long[] ids = new long[prefix.length + window.wordCount() + suffix.length];
                System.arraycopy(prefix, 0, ids, 0, prefix.length);
                System.arraycopy(tokens.ids(), window.start(), ids, prefix.length, window.wordCount());
                System.arraycopy(suffix, 0, ids, prefix.length + window.wordCount(), suffix.length);
                encoded.add(new EncodedWindow(ids, new long[ids.length], window.wordCount()));
            }
            stats.add(Counter.WORDS, tokens.count());
            stats.add(Counter.WINDOWS, windows.size());
            return new TaggedDocument(id, text, tokens, windows, encoded);
        } catch (RuntimeException e) {
            return failed(id, "tokenizer failed: " + e.getMessage());
        } finally {
            stats.time(Counter.TOKENIZE_NANOS, t0);
        }
    }

    /** This document's windows as model inputs whose token probabilities come back to it. */
    List<ModelTask<float[][]>> windowTasks() {
        List<ModelTask<float[][]>> tasks = new ArrayList<>(windows.size());
        for (int w = 0; w < windows.size(); w++) {
            tasks.add(new WindowTask(this, w, encoded.get(w)));
        }
        return tasks;
    }

    /** Token probabilities → entities with code point offsets (contract §3.4 to §3.9). */
    void decode(TagDecoding decoding, ExtractionStats stats) {
        if (error != null) {
            return;
        }
        long t0 = System.nanoTime();
        List<TaggedSpan> spans = decoding.decode(scores, windows, tokens);
        entities = new ArrayList<>(spans.size());
        for (TaggedSpan span : spans) {
            int from = text.offsetByCodePoints(0, span.start());
            int to = text.offsetByCodePoints(from, span.end() - span.start());
            entities.add(new Entity(span.start(), span.end(), text.substring(from, to), span.tag(), span.score()));
        }
        stats.time(Counter.DECODE_NANOS, t0);
    }

    DocumentResult result(ExtractionStats stats) {
        if (error != null) {
            stats.add(Counter.QUARANTINED, 1);
            return new DocumentResult(id, List.of(), tokens == null ? 0 : tokens.count(), windows.size(), error);
        }
        stats.add(Counter.ENTITIES, entities.size());
        return new DocumentResult(id, entities, tokens.count(), windows.size(), null);
    }

    /** One window of one document, as it goes into a batch. */
    private record WindowTask(TaggedDocument document, int index, EncodedWindow encoded) implements ModelTask<float[][]> {
        @Override
        public void accept(float[][] decoded) {
            document.scores.set(index, decoded);
        }

        @Override
        public void fail(String error) {
            document.error = error;
        }
    }
}
