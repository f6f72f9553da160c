package io.corpusgraph.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A JSON-lines corpus of short news-like documents, the same for the same seed, as large as a test needs. */
final class GeneratedCorpus {

    private static final String[] PEOPLE = {"Marie Curie", "Edward Smith", "Neil Armstrong", "Ada Lovelace", "Sergei Korolev",
            "Grace Hopper", "Alan Turing", "Lise Meitner"};
    private static final String[] ORGANIZATIONS = {"the Soviet Union", "Nintendo", "the Royal Society", "NASA", "IBM",
            "the University of Paris", "White Star Line"};
    private static final String[] PLACES = {"Paris", "Stockholm", "Southampton", "Kyoto", "Baikonur", "London", "Houston"};
    private static final String[] DATES = {"4 October 1957", "10 April 1912", "20 July 1969", "December 1911", "1889", "May 1945"};

    private GeneratedCorpus() {}

    /** Writes {@code docs} documents (ids {@code doc-0000}, …) of two or three sentences each. */
    static void write(Path file, int docs, long seed) throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < docs; i++) {
            StringBuilder text = new StringBuilder();
            for (int s = 0, sentences = 2 + random.nextInt(2); s < sentences; s++) {
                text.append(pick(random, PEOPLE)).append(" met officials of ").append(pick(random, ORGANIZATIONS))
                        .append(" in ").append(pick(random, PLACES)).append(" on ").append(pick(random, DATES)).append(". ");
            }
            lines.add("{\"id\": \"doc-%04d\", \"text\": \"%s\"}".formatted(i, text.toString().strip()));
        }
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }

    private static String pick(Random random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
