package io.corpusgraph.pipeline.onnx;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevicePlanTest {

    @Test
    void cpuNeverTriesCudaEvenWithAGpu() {
        assertFalse(DevicePlan.of("cpu", true).triesCuda());
    }

    @Test
    void autoTriesCudaOnlyWhenAGpuIsVisible() {
        assertTrue(DevicePlan.of("auto", true).triesCuda());
        assertFalse(DevicePlan.of("auto", false).triesCuda());
    }

    @Test
    void cudaIsTriedWhenAskedForAndNamesTheGpu() {
        assertEquals(new DevicePlan("cuda", true, 0), DevicePlan.of("cuda", false));
        assertEquals(new DevicePlan("cuda:3", true, 3), DevicePlan.of(" CUDA:3 ", false));
    }

    @Test
    void unknownSettingsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DevicePlan.of("gpu", false));
        assertTrue(e.getMessage().contains("auto, cpu, cuda or cuda:N"));
    }
}
