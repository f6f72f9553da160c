package io.corpusgraph.jobs.config;

import java.util.Map;

/** Named options become conf keys; an option that was not given leaves its key alone. */
final class Overrides {
    private Overrides() {}

    static void put(Map<String, Object> overrides, String key, Object value) {
        if (value != null) {
            overrides.put(key, value);
        }
    }
}
