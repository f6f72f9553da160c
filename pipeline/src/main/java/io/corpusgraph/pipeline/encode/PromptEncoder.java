package io.corpusgraph.pipeline.encode;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.corpusgraph.pipeline.text.Window;
import io.corpusgraph.pipeline.text.Words;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns labels and words into the model's token ids with the model's own HuggingFace tokenizer, as
 * GLiNER does: prompt words and text words are encoded as pre-split words ({@code is_split_into_words}),
 * so each word is tokenized on its own and the tokenizer's word ids tell which tokens belong to which
 * word. Because words are tokenized independently, a document is tokenized once and each window's
 * input is assembled from the prompt and that window's slice of tokens.
 * Thread-safe: the underlying tokenizer is.
 */
public final class PromptEncoder implements AutoCloseable {
    /** Below this many tokens per window the labels leave too little room for text to be useful. */
    public static final int MIN_TEXT_BUDGET = 16;
    private static final long NO_WORD = -1;

    private final HuggingFaceTokenizer tokenizer;
    private final String entToken;
    private final String sepToken;
    private final int tokenLimit;

    public PromptEncoder(HuggingFaceTokenizer tokenizer, String entToken, String sepToken, int tokenLimit) {
        this.tokenizer = tokenizer;
        this.entToken = entToken;
        this.sepToken = sepToken;
        this.tokenLimit = tokenLimit;
    }

    public int tokenLimit() {
        return tokenLimit;
    }

    /** A text with the model's marker tokens in it cannot be a label. */
    public boolean containsMarker(String text) {
        return text.contains(entToken) || text.contains(sepToken);
    }

    /** Loads {@code tokenizer.json} as it is, but never truncating or padding: windows do that job. */
    public static HuggingFaceTokenizer loadTokenizer(Path tokenizerJson) throws IOException {
        return HuggingFaceTokenizer.newInstance(tokenizerJson,
                Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
    }

    /** The token ids of one pre-split word, without special tokens. */
    public long[] wordIds(String word) {
        return tokenizer.encode(new String[] {replaceLoneSurrogates(word)}, false, false).getIds();
    }

    /** Validates the labels and encodes the prompt; throws IllegalArgumentException on bad labels. */
    public Prompt prompt(List<String> labels) {
        return prompt(labels, MIN_TEXT_BUDGET);
    }

    /** As {@link #prompt(List)}, for a caller that knows how many text tokens must fit with these labels. */
    public Prompt prompt(List<String> labels, int minTextBudget) {
        checkLabels(labels);
        List<String> promptWords = new ArrayList<>();
        for (String label : labels) {
            promptWords.add(entToken);
            promptWords.add(replaceLoneSurrogates(label));
        }
        promptWords.add(sepToken);
        Encoding encoding = tokenizer.encode(promptWords.toArray(String[]::new), true, false);
        long[] ids = encoding.getIds();
        long[] wordIds = encoding.getWordIds();
        // The tokens after the last prompt word are the template's trailing specials ([SEP]).
        int suffixStart = ids.length;
        while (suffixStart > 0 && wordIds[suffixStart - 1] == NO_WORD) {
            suffixStart--;
        }
        int textBudget = tokenLimit - ids.length;
        if (textBudget < minTextBudget) {
            throw new IllegalArgumentException("labels take " + ids.length + " of the model's " + tokenLimit
                    + " tokens, leaving " + textBudget + " for text (at least " + minTextBudget
                    + " needed): use fewer or shorter labels");
        }
        return new Prompt(List.copyOf(labels), Arrays.copyOfRange(ids, 0, suffixStart),
                Arrays.copyOfRange(ids, suffixStart, ids.length), textBudget);
    }

    /** Tokenizes every word of a document once; windows then take slices of the result. */
    public WordTokens tokenize(Words words) {
        int n = words.count();
        String[] pieces = new String[n];
        for (int i = 0; i < n; i++) {
            pieces[i] = replaceLoneSurrogates(words.word(i));
        }
        int[] first = new int[n + 1];
        if (n == 0) {
            return new WordTokens(new long[0], first);
        }
        Encoding encoding = tokenizer.encode(pieces, false, false);
        long[] wordIds = encoding.getWordIds();
        // Word ids ascend; a word without tokens (a lone control character) gets an empty range.
        int[] counts = new int[n];
        for (long wordId : wordIds) {
            counts[(int) wordId]++;
        }
        for (int i = 0; i < n; i++) {
            first[i + 1] = first[i] + counts[i];
        }
        return new WordTokens(encoding.getIds(), first);
    }

    /**
     * Builds the input of one window: prompt, then the window's words (a word with more sub-tokens than
     * the text budget keeps only the first {@code budget} of them), then the closing special tokens.
     */
    public EncodedWindow encode(Prompt prompt, WordTokens tokens, Window window) {
        int budget = prompt.textBudget();
        int textTokens = 0;
        for (int word = window.start(); word < window.end(); word++) {
            textTokens += Math.min(tokens.subTokens(word), budget);
        }
        int length = prompt.tokenCount() + textTokens;
        if (length > tokenLimit) {
            throw new IllegalStateException("window " + window + " needs " + length
                    + " tokens, over the model's limit of " + tokenLimit);
        }
        long[] ids = new long[length];
        long[] wordsMask = new long[length];
        System.arraycopy(prompt.prefix(), 0, ids, 0, prompt.prefix().length);
        int at = prompt.prefix().length;
        for (int word = window.start(); word < window.end(); word++) {
            int kept = Math.min(tokens.subTokens(word), budget);
            if (kept > 0) {
                System.arraycopy(tokens.ids(), tokens.first()[word], ids, at, kept);
                wordsMask[at] = word - window.start() + 1;
                at += kept;
            }
        }
        System.arraycopy(prompt.suffix(), 0, ids, at, prompt.suffix().length);
        return new EncodedWindow(ids, wordsMask, window.wordCount());
    }

    private void checkLabels(List<String> labels) {
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("labels: the list is empty; give at least one entity label");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("labels: label " + (i + 1) + " of " + labels.size() + " is blank");
            }
            if (label.contains(entToken) || label.contains(sepToken)) {
                throw new IllegalArgumentException("labels: '" + label + "' contains the model's marker token "
                        + entToken + " or " + sepToken);
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException("labels: '" + label + "' is given more than once");
            }
        }
    }

    /**
     * The Rust tokenizer cannot take unpaired UTF-16 surrogates; U+FFFD stands in for them (one code point for
     * one, so code point offsets into the result fit the original).
     */
    public static String replaceLoneSurrogates(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length()).append(s, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
