package io.corpusgraph.pipeline;

import java.util.List;

/**
 * One input text. {@code text} may be null or empty: such documents come back with an error, never an exception.
 *
 * @param words the text's words when they are already split (gold data is compared by word index), else
 *              null and the text is split by GLiNER's regex; when given, {@code text} is the words joined
 *              by single spaces, and entity offsets refer to that text
 */
public record Document(String id, String text, List<String> words) {

    public Document {
        if (words != null) {
            words = List.copyOf(words);  // rejects a null word
            String joined = String.join(" ", words);
            if (text != null && !text.equals(joined)) {
                throw new IllegalArgumentException("document " + id + ": text must be the words joined by single spaces");
            }
            text = joined;
        }
    }

    public Document(String id, String text) {
        this(id, text, null);
    }

    /** A document whose words are given, e.g. the tokens of a gold corpus: they are not split again. */
    public static Document ofWords(String id, List<String> words) {
        return new Document(id, null, words);
    }
}
