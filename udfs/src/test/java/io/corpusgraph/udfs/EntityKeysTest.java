package io.corpusgraph.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class EntityKeysTest {

    @Test
    void entityIdIsTheSameForTheSameEntityInEveryRun() {
        String id = EntityKeys.entityId("a/b.txt", 3, 9, "person", "tiny-span@0123456789ab");
        assertEquals(id, EntityKeys.entityId("a/b.txt", 3, 9, "person", "tiny-span@0123456789ab"));
        assertTrue(id.matches("[0-9a-f]{32}"), id);
    }

    @Test
    void entityIdChangesWithEachOfItsParts() {
        Set<String> ids = Set.of(
                EntityKeys.entityId("d", 3, 9, "person", "m"),
                EntityKeys.entityId("e", 3, 9, "person", "m"),
                EntityKeys.entityId("d", 4, 9, "person", "m"),
                EntityKeys.entityId("d", 3, 8, "person", "m"),
                EntityKeys.entityId("d", 3, 9, "place", "m"),
                EntityKeys.entityId("d", 3, 9, "person", "n"));
        assertEquals(6, ids.size());
        // Parts are separated, so shifting characters between them gives another id.
        assertNotEquals(EntityKeys.entityId("d1", 3, 9, "x", "m"), EntityKeys.entityId("d", 13, 9, "x", "m"));
    }

    @Test
    void canonicalKeyIsNfkcLowerCaseWithCollapsedWhitespacePlusLabel() {
        assertEquals("new york|location", EntityKeys.canonicalKey("New  York", "location"));
        assertEquals("new york|location", EntityKeys.canonicalKey("ＮＥＷ\u3000YORK", "location"));
        assertEquals("new york|location", EntityKeys.canonicalKey(" new\n\tyork ", "location"));
        assertEquals("fiat|organization", EntityKeys.canonicalKey("ﬁat", "organization"));
        assertNotEquals(EntityKeys.canonicalKey("Paris", "person"), EntityKeys.canonicalKey("Paris", "location"));
    }
}
