package io.corpusgraph.pipeline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.corpusgraph.pipeline.Document;

/**
 * News-like English documents made up on the spot, for benchmarks that need a corpus of any size
 * (pipeline-benchmark's default texts, BenchmarkJob's --generate).
 * Document {@code i} depends only on (seed, i, mean words): a corpus of N documents is the first N of
 * any larger one, on every machine. Lengths are spread evenly over [mean/2, 3·mean/2] words
 * (whitespace-separated; GLiNER's splitter also counts the full stops).
 */
public final class GeneratedText {

    private static final String[] PEOPLE = {"Angela Merkel", "Ada Lovelace", "Nelson Mandela", "Marie Curie",
            "Kofi Annan", "Grace Hopper", "Alan Turing", "Wangari Maathai", "Jacinda Ardern", "Lee Kuan Yew"};
    private static final String[] ORGANIZATIONS = {"the United Nations", "Siemens", "the World Bank",
            "Oxford University", "Reuters", "NASA", "Toyota", "the Red Cross", "Deutsche Bahn", "UNESCO"};
    private static final String[] PLACES = {"Berlin", "Johannesburg", "Paris", "New York", "Nairobi", "Tokyo",
            "Buenos Aires", "Jakarta", "Lagos", "Oslo"};
    private static final String[] DATES = {"on Monday", "on March 3, 2021", "last year", "in 1998",
            "in early June", "on 14 July", "this week", "in the spring of 2019"};
    private static final String[] WORDS = ("the a of and to in for on with said that was is it by as at from "
            + "new will has have been would its their after over year years government officials people "
            + "company market city report plan talks agreement policy trade budget schools hospitals roads "
            + "region programme minister president council meeting statement week month percent growth "
            + "prices workers union court law election vote parliament leaders support announced expected "
            + "told reporters earlier later before during while more than about most also but not").split(" ");

    private GeneratedText() {}

    /** Documents 0 … count-1 with their ids. */
    public static List<Document> documents(int count, int meanWords, long seed) {
        List<Document> docs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            docs.add(new Document(id(i), text(seed, i, meanWords)));
        }
        return docs;
    }

    public static String id(long index) {
        return String.format("gen-%07d", index);
    }

    /** Document {@code index}: sentences of common words with names, organizations, places and dates mixed in. */
    public static String text(long seed, long index, int meanWords) {
        if (meanWords < 1) {
            throw new IllegalArgumentException("mean words per document must be positive, got " + meanWords);
        }
        // One generator per document, seeded from (seed, index) alone.
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        int low = Math.max(1, meanWords - meanWords / 2);
        int words = low + random.nextInt(meanWords + meanWords / 2 - low + 1);
        StringBuilder text = new StringBuilder(words * 7);
        int sentenceLeft = 0;
        for (int written = 0; written < words; ) {
            if (sentenceLeft == 0) {
                sentenceLeft = 6 + random.nextInt(13);
            }
            String[] phrase = phrase(random).split(" ");
            int take = Math.min(phrase.length, words - written);
            for (int w = 0; w < take; w++) {
                boolean sentenceStart = text.isEmpty() || text.charAt(text.length() - 1) == '.';
                text.append(text.isEmpty() ? "" : " ").append(sentenceStart ? capitalized(phrase[w]) : phrase[w]);
            }
            written += take;
            sentenceLeft = Math.max(0, sentenceLeft - take);
            if (sentenceLeft == 0 || written == words) {
                text.append('.');
            }
        }
        return text.toString();
    }

    private static String phrase(SplittableRandom random) {
        int pick = random.nextInt(20);
        return switch (pick) {
            case 0 -> PEOPLE[random.nextInt(PEOPLE.length)];
            case 1 -> ORGANIZATIONS[random.nextInt(ORGANIZATIONS.length)];
            case 2 -> "in " + PLACES[random.nextInt(PLACES.length)];
            case 3 -> DATES[random.nextInt(DATES.length)];
            default -> WORDS[random.nextInt(WORDS.length)];
        };
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
