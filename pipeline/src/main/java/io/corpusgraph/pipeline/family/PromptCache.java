package io.corpusgraph.pipeline.family;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.corpusgraph.pipeline.encode.Prompt;
import io.corpusgraph.pipeline.encode.PromptEncoder;

/**
 * Label lists → their encoded prompt, kept for reuse: a Spark task asks for the same labels batch after batch.
 * Bounded: past {@value #MAX_CACHED_PROMPTS} label lists it starts over. Thread-safe.
 */
final class PromptCache {
    static final int MAX_CACHED_PROMPTS = 256;

    private final PromptEncoder encoder;
    private final Map<List<String>, Prompt> prompts = new ConcurrentHashMap<>();

    PromptCache(PromptEncoder encoder) {
        this.encoder = encoder;
    }

    /** @throws IllegalArgumentException for labels that are empty, blank, duplicated or too long for the model */
    Prompt get(List<String> labels) {
        Prompt cached = labels == null ? null : prompts.get(labels);
        if (cached != null) {
            return cached;
        }
        Prompt prompt = encoder.prompt(labels);
        if (prompts.size() >= MAX_CACHED_PROMPTS) {
            prompts.clear();
        }
        prompts.put(prompt.labels(), prompt);
        return prompt;
    }
}
