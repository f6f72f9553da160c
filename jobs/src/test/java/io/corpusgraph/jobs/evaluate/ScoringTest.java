package io.corpusgraph.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Exact-match counting on hand-made predictions: entities, relations and the threshold sweep. */
class ScoringTest {

    private static final Span JOHN = new Span(0, 1, "person");
    private static final Span ACME = new Span(4, 5, "organization");
    private static final Span PARIS = new Span(7, 7, "location");

    private static GoldSentence gold(List<Span> entities, List<SpanRelation> relations) {
        return new GoldSentence("s", List.of("John", "Smith", "works", "for", "Acme", "Corp", "in", "Paris"),
                entities, List.of(), relations);
    }

    private static void assertCounts(long tp, long fp, long fn, Counts c) {
        assertEquals(List.of(tp, fp, fn), List.of(c.tp(), c.fp(), c.fn()), c.toString());
    }

    @Test
    void aSpanCountsOnlyWithTheExactStartEndAndLabel() {
        LabelCounts counts = new LabelCounts();
        List<Span> predicted = List.of(JOHN, new Span(4, 4, "organization"), new Span(7, 7, "organization"));
        counts.add(predicted, List.of(JOHN, ACME, PARIS), Span::label);
        assertCounts(1, 0, 0, counts.byLabel().get("person"));
        assertCounts(0, 2, 1, counts.byLabel().get("organization"));
        assertCounts(0, 0, 1, counts.byLabel().get("location"));
        Counts micro = counts.micro();
        assertCounts(1, 2, 2, micro);
        assertEquals(1 / 3.0, micro.precision(), 1e-12);
        assertEquals(1 / 3.0, micro.recall(), 1e-12);
        assertEquals(1 / 3.0, micro.f1(), 1e-12);
        assertEquals(3, micro.support());
    }

    @Test
    void noPredictionAndNoGoldScoreZeroNotNaN() {
        Counts none = new Counts();
        assertEquals(0.0, none.precision());
        assertEquals(0.0, none.f1());
    }

    @Test
    void relationsMatchOnHeadSpanTailSpanAndTypeWhateverTheEntityTypes() {
        SpanRelation worksFor = new SpanRelation(JOHN, "work for", ACME);
        SpanRelation basedIn = new SpanRelation(ACME, "based in", PARIS);
        List<SpanRelation> predicted = List.of(
                new SpanRelation(new Span(0, 1, "other"), "work for", new Span(4, 5, "")),  // right, entity types aside
                new SpanRelation(PARIS, "based in", ACME),                                 // reversed
                new SpanRelation(ACME, "based in", new Span(6, 7, "location")));          // tail span off by a word
        LabelCounts counts = new LabelCounts();
        RelationMatching.add(counts, predicted, List.of(worksFor, basedIn));
        assertCounts(1, 0, 0, counts.byLabel().get("work for"));
        assertCounts(0, 2, 1, counts.byLabel().get("based in"));
    }

    @Test
    void theSweepCutsTheLowestThresholdSelectionAtEachThresholdAndCountsUnalignedGoldAsMissed() {
        GoldSentence sentence = new GoldSentence("s", List.of("a", "b", "c", "d"),
                List.of(new Span(0, 0, "x"), new Span(2, 2, "y")), List.of(new Span(3, 3, "y")), List.of());
        ThresholdSweep sweep = new ThresholdSweep(List.of(0.5, 0.3, 0.7), List.of("x", "y", "z"));
        assertEquals(0.3, sweep.lowest());
        sweep.add(List.of(new ScoredSpan(new Span(0, 0, "x"), 0.8f), new ScoredSpan(new Span(2, 2, "y"), 0.6f),
                new ScoredSpan(new Span(1, 1, "x"), 0.4f), new ScoredSpan(new Span(2, 2, "x"), 0.5f)), sentence);
        assertCounts(2, 2, 1, sweep.at(0.3).micro());
        assertCounts(2, 0, 1, sweep.at(0.5).micro());  // 0.5 is not above 0.5
        assertCounts(1, 0, 2, sweep.at(0.7).micro());
        assertEquals(List.of("x", "y", "z"), List.copyOf(sweep.at(0.5).byLabel().keySet()));
        assertCounts(0, 0, 0, sweep.at(0.5).byLabel().get("z"));
    }

    @Test
    void labelMappingLowerCasesThenRenames() {
        LabelMapping mapping = new LabelMapping(Map.of("Organisation", "Organization", "misc", "miscellaneous"));
        assertEquals("organization", mapping.apply("ORGANISATION"));
        assertEquals("miscellaneous", mapping.apply("MISC"));
        assertEquals("person", mapping.apply("Person"));
        GoldSentence renamed = gold(List.of(new Span(4, 5, "Organisation")),
                List.of(new SpanRelation(new Span(0, 1, "PER"), "Work_For", new Span(4, 5, "Organisation"))))
                .withLabels(mapping::apply);
        assertEquals(List.of(ACME), renamed.entities());
        assertEquals("organization", renamed.relations().get(0).tail().label());
        assertEquals("work_for", renamed.relations().get(0).type());
    }
}
