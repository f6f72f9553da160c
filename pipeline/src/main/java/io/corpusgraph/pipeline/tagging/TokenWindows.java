package io.corpusgraph.pipeline.tagging;

import io.corpusgraph.pipeline.text.Window;

import java.util.ArrayList;
import java.util.List;

/**
 * A document's tokens → windows of at most {@code length} content tokens, consecutive windows sharing
 * {@code stride} tokens (contract §3.2): windows start at 0, L−S, 2(L−S), … until one reaches the last token.
 * A document of at most L tokens is one window; no token is left out.
 */
public final class TokenWindows {
    private final int length;
    private final int stride;

    /** @throws IllegalArgumentException unless {@code 0 ≤ stride < length} */
    public TokenWindows(int length, int stride) {
        if (length < 1 || stride < 0 || stride >= length) {
            throw new IllegalArgumentException("token windows: the stride must be at least 0 and below the window's "
                    + length + " content tokens, got " + stride);
        }
        this.length = length;
        this.stride = stride;
    }

    /** @return windows as token ranges [start, end) */
    public List<Window> windows(int tokens) {
        List<Window> windows = new ArrayList<>();
        for (int start = 0; ; start += length - stride) {
            windows.add(new Window(start, Math.min(start + length, tokens)));
            if (start + length >= tokens) {
                return windows;
            }
        }
    }
}
