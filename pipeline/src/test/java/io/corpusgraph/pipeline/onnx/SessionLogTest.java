package io.corpusgraph.pipeline.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.corpusgraph.pipeline.TestModels;

/** Issue 19 item 15: one INFO line per JVM (per executor) when its ONNX session is created: model, device, threads. */
class SessionLogTest {

    @Test
    void theSessionsCreationIsLoggedOnce() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // A thread count no other test uses, so this test creates the session.
            SessionHolder.runner(TestModels.SPAN.resolve("model.onnx"), "cpu", 7, "tiny-span@0123456789ab");
            SessionHolder.runner(TestModels.SPAN.resolve("model.onnx"), "cpu", 7, "tiny-span@0123456789ab");
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, log.lines().filter(l -> l.contains("ONNX session created")).count(), log);
        assertTrue(log.contains("INFO"), log);
        assertTrue(log.contains("model tiny-span@0123456789ab on cpu (device setting cpu), 7 intra-op threads, host "), log);
    }
}
