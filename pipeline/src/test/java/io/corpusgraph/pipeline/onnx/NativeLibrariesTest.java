package io.corpusgraph.pipeline.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.pipeline.TestModels;
import io.corpusgraph.pipeline.extract.Extractor;

/**
 * ONNX Runtime loads its native libraries from one folder per machine and jar, not from a fresh temporary copy per
 * JVM: once a session exists, the property names that folder and it holds the CPU libraries.
 */
class NativeLibrariesTest {

    @Test
    void theLibrariesComeFromTheSharedFolder() {
        Extractor.shared(new RuntimeSettings(TestModels.SPAN, "cpu", 1));
        Path folder = Path.of(System.getProperty(NativeLibraries.PROPERTY));
        assertEquals("corpusgraph-ort", folder.getParent().getFileName().toString(), folder.toString());
        for (String name : new String[] {"libonnxruntime.so", "libonnxruntime4j_jni.so", "libonnxruntime_providers_shared.so"}) {
            assertTrue(Files.isRegularFile(folder.resolve(name)), name);
        }
    }
}
