package io.corpusgraph.pipeline.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expected splits are what Python 3.11's {@code re.finditer(r"\w+(?:[-_]\w+)*|\S", text)} gives. */
class WordSplitterTest {
    private final WordSplitter splitter = new WordSplitter();

    private List<String> words(String text) {
        Words words = splitter.split(text);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.count(); i++) {
            out.add(words.word(i));
        }
        return out;
    }

    private List<List<Integer>> offsets(String text) {
        Words words = splitter.split(text);
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < words.count(); i++) {
            out.add(List.of(words.codePointStart(i), words.codePointEnd(i)));
        }
        return out;
    }

    @Test
    void joinsHyphensAndUnderscoresOnlyBetweenWordCharacters() {
        assertEquals(List.of("state-of-the-art", "foo_bar", "x", "-", "-", "y", "a", "-", "-", "b", "a-_b"),
                words("state-of-the-art foo_bar x- -y a--b a-_b"));
    }

    @Test
    void punctuationAndApostrophesAreOneCharacterWords() {
        assertEquals(List.of("Hello", ",", "world", "!", "!"), words("Hello, world!!"));
        assertEquals(List.of("don", "'", "t"), words("don't"));
    }

    @Test
    void offsetsCountCodePointsSoSupplementaryCharactersCountOnce() {
        String text = "I \u2764\ufe0f \uD83E\uDD80 Rust";
        assertEquals(List.of("I", "\u2764", "\ufe0f", "\uD83E\uDD80", "Rust"), words(text));
        assertEquals(List.of(List.of(0, 1), List.of(2, 3), List.of(3, 4), List.of(5, 6), List.of(7, 11)), offsets(text));
    }

    @Test
    void combiningMarksAreNotWordCharacters() {
        assertEquals(List.of("e", "\u0301", "t\u00e9"), words("e\u0301t\u00e9"));
    }

    @Test
    void cjkWithoutSpacesIsOneWord() {
        assertEquals(List.of("東京タワーに行った"), words("東京タワーに行った"));
    }

    @Test
    void loneSurrogateIsAOneCharacterWord() {
        assertEquals(List.of("a", "\uD800", "b"), words("a\uD800b"));
        assertEquals(List.of(List.of(0, 1), List.of(1, 2), List.of(2, 3)), offsets("a\uD800b"));
    }

    @Test
    void whitespaceIsPythonsIncludingSeparatorControlsButNotZeroWidthSpace() {
        assertEquals(List.of("a", "b", "c", "d", "\u200b", "e"), words("a\u001cb\u0085c\u00a0d\u200be"));
    }

    @Test
    void controlCharactersAreOneCharacterWords() {
        assertEquals(List.of("\u0000", "x", "\u0007"), words("\u0000x\u0007"));
    }

    @Test
    void everyKindOfNumberIsAWordCharacter() {
        assertEquals(List.of("\u00b2\u00b3", "\u216b", "3", ".", "14"), words("\u00b2\u00b3 \u216b 3.14"));
    }

    @Test
    void emptyAndBlankTextHaveNoWords() {
        assertEquals(0, splitter.split("").count());
        assertEquals(0, splitter.split(" \t\n\u3000").count());
    }

    @Test
    void textBetweenCutsTheOriginalText() {
        Words words = splitter.split("New  York-based \uD83E\uDD80 firm");
        assertEquals("New  York-based \uD83E\uDD80", words.textBetween(0, 2));
    }

    @Test
    void characterClassesFollowPython() {
        assertTrue(WordSplitter.isWordChar('_'));
        assertTrue(WordSplitter.isWordChar(0x2167)); // Roman numeral eight, Nl
        assertFalse(WordSplitter.isWordChar(0x0301)); // combining acute, Mn
        assertTrue(WordSplitter.isSpace(0x001f));
        assertFalse(WordSplitter.isSpace(0x180e));
    }
}
