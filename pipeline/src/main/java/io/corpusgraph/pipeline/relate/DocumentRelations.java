package io.corpusgraph.pipeline.relate;

import io.corpusgraph.pipeline.RelationParams;
import io.corpusgraph.pipeline.Entity;
import io.corpusgraph.pipeline.Relation;
import io.corpusgraph.pipeline.decode.Candidate;
import io.corpusgraph.pipeline.decode.GreedySelector;
import io.corpusgraph.pipeline.decode.WindowMerger;
import io.corpusgraph.pipeline.encode.Prompt;
import io.corpusgraph.pipeline.encode.PromptEncoder;
import io.corpusgraph.pipeline.encode.WordTokens;
import io.corpusgraph.pipeline.text.Window;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relation step of one document, after its entities are known:
 * <ol>
 *   <li>per NER window, the heads are the unique texts of the entities inside it, in order of first
 *       appearance there (with a schema, only entities with a head label of it); a window without heads gets
 *       no pass;</li>
 *   <li>labels {@code "{head} <> {relation}"}, relation-major as in GLiNER, packed into passes
 *       ({@link RelationPrompts}); each pass is the prefix words then the window's words (cut as in NER);</li>
 *   <li>the tails of every pass and window are merged (highest score per tail span and label), then one
 *       greedy selection over the document, flat and single-label as GLiNER's defaults; equal scores go by
 *       (start, end, relation, head), heads numbered by first appearance in the document;</li>
 *   <li>tails and heads are matched to entities ({@link HeadMatcher}).</li>
 * </ol>
 * training/corpusgraph_train/relations.py is the reference implementation of exactly these steps.
 */
public final class DocumentRelations {
    private final List<Candidate> spans;
    private final List<Entity> entities;
    private final RelationParams params;
    /** Every entity text, numbered by first appearance in the document: the head part of a label id. */
    private final Map<String, Integer> textIds = new LinkedHashMap<>();
    private final WindowMerger merger = new WindowMerger();
    private String error;

    /** @param spans the entities' word ranges (as the NER selection accepted them), in the order of {@code entities} */
    public DocumentRelations(List<Candidate> spans, List<Entity> entities, RelationParams params) {
        this.spans = spans;
        this.entities = entities;
        this.params = params;
        for (Entity entity : entities) {
            textIds.putIfAbsent(entity.text(), textIds.size());
        }
    }

    /**
     * @param tokens     the document's words as sub-tokens
     * @param wordBudget the NER windows' text budget: a longer word keeps that many sub-tokens, as in NER
     */
    public List<RelationPass> passes(RelationPrompts prompts, PromptEncoder encoder, WordTokens tokens,
                                     List<Window> windows, int wordBudget) {
        List<RelationPass> passes = new ArrayList<>();
        for (Window window : windows) {
            List<String> heads = heads(window, encoder);
            if (heads.isEmpty()) {
                continue;
            }
            Map<String, Integer> labelIds = new HashMap<>();
            List<String> labels = new ArrayList<>();
            for (int r = 0; r < params.labels().size(); r++) {
                for (String head : heads) {
                    String label = RelationPrompts.label(head, params.labels().get(r));
                    labels.add(label);
                    labelIds.put(label, r * textIds.size() + textIds.get(head));
                }
            }
            WordTokens words = withPrefix(prompts.prefix(), tokens, window, wordBudget);
            int windowTokens = words.ids().length - prompts.prefix().ids().length;
            Window all = new Window(0, words.wordCount());
            for (Prompt prompt : prompts.passes(labels, windowTokens)) {
                int[] ids = prompt.labels().stream().mapToInt(labelIds::get).toArray();
                passes.add(new RelationPass(this, encoder.encode(prompt, words, all), ids,
                        prompts.reservedWords(), window.start()));
            }
        }
        return passes;
    }

    private List<String> heads(Window window, PromptEncoder encoder) {
        List<String> heads = new ArrayList<>();
        for (int i = 0; i < entities.size(); i++) {
            Entity entity = entities.get(i);
            boolean inside = spans.get(i).start() >= window.start() && spans.get(i).end() < window.end();
            if (inside && params.mayBeHead(entity.label()) && !encoder.containsMarker(entity.text())
                    && !heads.contains(entity.text())) {
                heads.add(entity.text());
            }
        }
        return heads;
    }

    /** The prefix's tokens, then those of the window's words, each word cut at {@code wordBudget}. */
    private static WordTokens withPrefix(WordTokens prefix, WordTokens doc, Window window, int wordBudget) {
        int prefixWords = prefix.wordCount();
        int[] first = new int[prefixWords + window.wordCount() + 1];
        System.arraycopy(prefix.first(), 0, first, 0, prefixWords + 1);
        for (int w = 0; w < window.wordCount(); w++) {
            int at = prefixWords + w;
            first[at + 1] = first[at] + Math.min(doc.subTokens(window.start() + w), wordBudget);
        }
        long[] ids = new long[first[first.length - 1]];
        System.arraycopy(prefix.ids(), 0, ids, 0, prefix.ids().length);
        for (int w = 0; w < window.wordCount(); w++) {
            int at = prefixWords + w;
            System.arraycopy(doc.ids(), doc.first()[window.start() + w], ids, first[at], first[at + 1] - first[at]);
        }
        return new WordTokens(ids, first);
    }

    /** Tails of one pass, already with document-wide label ids; {@code shift} takes their words to the document's. */
    void addTails(List<Candidate> tails, int shift) {
        merger.add(tails, shift);
    }

    void fail(String message) {
        error = message;
    }

    /** Why a relation pass failed, or null. */
    public String error() {
        return error;
    }

    /** After every pass ran: the selected tails tied to entities. */
    public Result finish() {
        List<Candidate> accepted = new GreedySelector(true, false).select(merger.candidates());
        List<String> texts = new ArrayList<>(textIds.keySet());
        List<String> headTexts = new ArrayList<>(accepted.size());
        List<String> relations = new ArrayList<>(accepted.size());
        for (Candidate tail : accepted) {
            headTexts.add(texts.get(tail.label() % texts.size()));
            relations.add(params.labels().get(tail.label() / texts.size()));
        }
        HeadMatcher.Outcome outcome = new HeadMatcher(spans, entities, params).match(accepted, headTexts, relations);
        return new Result(outcome.relations(), outcome.dropped());
    }

    public record Result(List<Relation> relations, int dropped) {}
}
