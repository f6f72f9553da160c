package io.corpusgraph.pipeline.tagging;

import java.util.ArrayList;
import java.util.List;

/**
 * Items → groups of one tag (Hugging Face's {@code group_entities}, extended for BIOES; contract §3.6). An item
 * joins the open group when its tag is the group's, its prefix is {@code I-} or {@code E-}, and the group is not
 * closed; otherwise it opens a new group. {@code B-} and {@code S-} always open one; an {@code E-} or {@code S-}
 * item closes its group. So an ill-formed {@code I-X} after {@code O} or after {@code B-Y} opens a group of X.
 * A group's score is the mean of its items' scores; it spans its first item's start to its last item's end.
 * Groups of tag {@code O} are kept: filtering is a later step.
 */
public final class EntityGrouper {
    private final List<String> labels;
    private final TagScheme scheme;

    /** @param labels the model's labels by id ({@code id2label}) */
    public EntityGrouper(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.scheme = TagScheme.of(labels);
    }

    /** @return the groups in text order */
    public List<TaggedSpan> group(List<TaggedItem> items) {
        List<TaggedSpan> groups = new ArrayList<>();
        List<TaggedItem> open = new ArrayList<>();
        String openTag = null;
        boolean closed = false;
        for (TaggedItem item : items) {
            TagScheme.Tag tag = scheme.read(labels.get(item.label()));
            boolean joins = !open.isEmpty() && !closed && tag.tag().equals(openTag)
                    && (tag.prefix() == 'I' || tag.prefix() == 'E');
            if (!joins) {
                if (!open.isEmpty()) {
                    groups.add(span(openTag, open));
                }
                open = new ArrayList<>();
                openTag = tag.tag();
            }
            open.add(item);
            closed = tag.prefix() == 'E' || tag.prefix() == 'S';
        }
        if (!open.isEmpty()) {
            groups.add(span(openTag, open));
        }
        return groups;
    }

    private static TaggedSpan span(String tag, List<TaggedItem> items) {
        double sum = 0;
        for (TaggedItem item : items) {
            sum += item.score();
        }
        return new TaggedSpan(tag, (float) (sum / items.size()), items.get(0).start(), items.get(items.size() - 1).end());
    }
}
