package io.corpusgraph.pipeline.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.corpusgraph.pipeline.text.Window;

/** Contract §3.2: L content tokens, stride S, step L − S, until a window reaches the last token. */
class TokenWindowsTest {

    @Test
    void windowsStepByLengthMinusStride() {
        TokenWindows windows = new TokenWindows(4, 1);
        assertEquals(List.of(new Window(0, 4), new Window(3, 7), new Window(6, 10)), windows.windows(10));
        assertEquals(List.of(new Window(0, 4), new Window(3, 7), new Window(6, 10), new Window(9, 11)), windows.windows(11));
        assertEquals(List.of(new Window(0, 4)), windows.windows(4));
        assertEquals(List.of(new Window(0, 1)), windows.windows(1));
    }

    @Test
    void strideZeroTilesTheTokens() {
        assertEquals(List.of(new Window(0, 3), new Window(3, 6), new Window(6, 7)), new TokenWindows(3, 0).windows(7));
    }

    @Test
    void strideMustBeBelowTheLength() {
        assertThrows(IllegalArgumentException.class, () -> new TokenWindows(4, 4));
        assertThrows(IllegalArgumentException.class, () -> new TokenWindows(4, -1));
    }
}
