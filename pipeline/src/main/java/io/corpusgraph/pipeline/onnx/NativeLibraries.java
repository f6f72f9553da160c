package io.corpusgraph.pipeline.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.onnxruntime.OrtEnvironment;

/**
 * ONNX Runtime's native libraries, unpacked once per machine and ONNX Runtime jar into
 * {@code <java.io.tmpdir>/corpusgraph-ort/<jar name>-<jar size>/} and loaded from there (ONNX Runtime's
 * {@code onnxruntime.native.path}). Left to itself, ONNX Runtime copies them into a new
 * {@code onnxruntime-java*} temporary folder in every JVM (31 MB each: every executor and every command) and
 * JVMs that are killed leave those behind. The CUDA provider (583 MB) is unpacked only when a CUDA session is
 * tried. A path the user sets ({@code -Donnxruntime.native.path=DIR}) is used as it is; a platform whose
 * libraries the jar does not hold for this scheme is left to ONNX Runtime's own loading.
 */
final class NativeLibraries {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibraries.class);

    static final String PROPERTY = "onnxruntime.native.path";
    private static final List<String> BASE = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so", "libonnxruntime_providers_shared.so");
    private static final String CUDA = "libonnxruntime_providers_cuda.so";

    /** Whether this class set the property (so it may add the CUDA provider to the folder later). */
    private static Path managed;
    private static boolean decided;

    private NativeLibraries() {}

    /** Before ONNX Runtime's first use in this JVM; with {@code cuda}, also before a CUDA session is tried. */
    static synchronized void prepare(boolean cuda) {
        if (!decided) {
            decided = true;
            if (System.getProperty(PROPERTY) == null) {
                managed = unpack(BASE);
                if (managed != null) {
                    System.setProperty(PROPERTY, managed.toString());
                }
            }
        }
        if (cuda && managed != null) {
            unpack(List.of(CUDA));
        }
    }

    /** The libraries, unpacked into the shared folder (each at most once); null when that cannot be done here. */
    private static Path unpack(List<String> names) {
        String platform = platform();
        if (platform == null) {
            return null;
        }
        try {
            Path jar = Path.of(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path folder = Path.of(System.getProperty("java.io.tmpdir"), "corpusgraph-ort",
                    jar.getFileName().toString().replaceAll("\\.jar$", "") + "-" + Files.size(jar));
            Files.createDirectories(folder);
            for (String name : names) {
                Path target = folder.resolve(name);
                if (Files.exists(target)) {
                    continue;
                }
                try (InputStream in = OrtEnvironment.class.getResourceAsStream("/ai/onnxruntime/native/" + platform + "/" + name)) {
                    if (in == null) {
                        return null;
                    }
                    Path tmp = folder.resolve("." + name + "." + UUID.randomUUID());
                    Files.copy(in, tmp);
                    try {
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException another) {
                        Files.deleteIfExists(tmp);  // another JVM unpacked it first
                        if (!Files.exists(target)) {
                            throw another;
                        }
                    }
                }
            }
            return folder;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            LOG.debug("ONNX Runtime's libraries left to its own loading: {}", e.toString());
            return null;
        }
    }

    /** The jar's folder name for this machine, for the Linux builds it holds; null elsewhere. */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return null;
        }
        return switch (arch) {
            case "amd64", "x86_64" -> "linux-x64";
            case "aarch64" -> "linux-aarch64";
            default -> null;
        };
    }
}
