package io.corpusgraph.pipeline.relate;

import io.corpusgraph.pipeline.decode.Candidate;
import io.corpusgraph.pipeline.encode.EncodedWindow;
import io.corpusgraph.pipeline.run.ModelTask;

import java.util.ArrayList;
import java.util.List;

/**
 * One model input of the relation step: the prefix words, then one NER window's words, under one pack of
 * {@code "{head} <> {relation}"} labels. Its spans are tails: a span touching the prefix is dropped (it is
 * no text of the document); the others shift back to document words and take the document-wide id of
 * their (relation, head) label.
 *
 * @param labelIds     document-wide relation label id of each of this pass's labels
 * @param prefixWords  words before the window's first word
 * @param windowStart  the window's first word in the document
 */
public record RelationPass(DocumentRelations document, EncodedWindow encoded, int[] labelIds, int prefixWords,
                           int windowStart) implements ModelTask<List<Candidate>> {

    @Override
    public void accept(List<Candidate> candidates) {
        List<Candidate> tails = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            // Passes with fewer labels than their batch-mates get the batch's extra label columns: not theirs.
            if (c.start() >= prefixWords && c.label() < labelIds.length) {
                tails.add(new Candidate(c.start(), c.end(), labelIds[c.label()], c.score()));
            }
        }
        document.addTails(tails, windowStart - prefixWords);
    }

    @Override
    public void fail(String error) {
        document.fail(error);
    }
}
