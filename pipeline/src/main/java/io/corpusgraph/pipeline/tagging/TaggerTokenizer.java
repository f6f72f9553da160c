package io.corpusgraph.pipeline.tagging;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corpusgraph.pipeline.encode.PromptEncoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A token-classification model's {@code tokenizer.json} (DJL's binding of Hugging Face tokenizers): the text's
 * tokens with code point offsets, and the special tokens that frame a window. Thread-safe (the tokenizer is).
 *
 * <p>DJL's {@link Encoding#getCharTokenSpans()} counts offsets in Unicode scalar values (the Rust tokenizer's
 * {@code char}s), that is in code points, not in UTF-16 units: an emoji before a word moves its offsets by one
 * (TaggerTokenizerTest). Lone surrogates, which the Rust side cannot take, are replaced by U+FFFD first: one
 * code point for one, so the offsets still fit the original text.
 */
public final class TaggerTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final long[] prefix;
    private final long[] suffix;
    private final long padId;
    private final String unkToken;

    private TaggerTokenizer(HuggingFaceTokenizer tokenizer, long[] prefix, long[] suffix, long padId, String unkToken) {
        this.tokenizer = tokenizer;
        this.prefix = prefix;
        this.suffix = suffix;
        this.padId = padId;
        this.unkToken = unkToken;
    }

    /** Loads {@code tokenizer.json} as it is, never truncating or padding: windows do that. */
    public static TaggerTokenizer load(Path tokenizerJson) throws IOException {
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
                Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
        try {
            // The template's special tokens around one token: [CLS] x [SEP] for BERT.
            Encoding framed = tokenizer.encode("a", true, false);
            long[] ids = framed.getIds();
            long[] special = framed.getSpecialTokenMask();
            int first = 0;
            while (first < ids.length && special[first] == 1) {
                first++;
            }
            int last = ids.length;
            while (last > first && special[last - 1] == 1) {
                last--;
            }
            JsonNode root = new ObjectMapper().readTree(Files.readString(tokenizerJson));
            JsonNode model = root.path("model");
            String unk = model.path("unk_token").isTextual() ? model.path("unk_token").asText() : "[UNK]";
            long pad = root.path("padding").path("pad_id").canConvertToLong() ? root.path("padding").path("pad_id").asLong()
                    : model.path("vocab").path("[PAD]").canConvertToLong() ? model.path("vocab").path("[PAD]").asLong() : 0;
            return new TaggerTokenizer(tokenizer, Arrays.copyOfRange(ids, 0, first), Arrays.copyOfRange(ids, last, ids.length),
                    pad, unk);
        } catch (IOException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** The special tokens before a window's content ({@code [CLS]}). */
    public long[] prefix() {
        return prefix.clone();
    }

    /** The special tokens after a window's content ({@code [SEP]}). */
    public long[] suffix() {
        return suffix.clone();
    }

    /** The id that right-pads shorter windows of a batch. */
    public long padId() {
        return padId;
    }

    /** The whole text's tokens, without special tokens; none for an empty or whitespace-only text. */
    public TextTokens tokenize(String text) {
        String safe = PromptEncoder.replaceLoneSurrogates(text);
        Encoding encoding = tokenizer.encode(safe, false, false);
        long[] ids = encoding.getIds();
        String[] tokens = encoding.getTokens();
        CharSpan[] spans = encoding.getCharTokenSpans();
        int n = ids.length;
        int[] starts = new int[n];
        int[] ends = new int[n];
        boolean[] subword = new boolean[n];
        for (int i = 0; i < n; i++) {
            starts[i] = spans[i].getStart();
            ends[i] = spans[i].getEnd();
            subword[i] = !tokens[i].equals(unkToken)
                    && tokens[i].codePointCount(0, tokens[i].length()) != ends[i] - starts[i];
        }
        return new TextTokens(ids, starts, ends, subword);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
