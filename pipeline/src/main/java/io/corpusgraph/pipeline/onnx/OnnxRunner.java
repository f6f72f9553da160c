package io.corpusgraph.pipeline.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.corpusgraph.pipeline.ModelLoadException;
import io.corpusgraph.pipeline.encode.InputTensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX Runtime session and the device it really runs on. {@link #run} is thread-safe (ONNX Runtime
 * sessions are), so one runner serves every thread of the JVM; get it from {@link SessionHolder}.
 */
public final class OnnxRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxRunner.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String device;
    private final String outputName;

    private OnnxRunner(OrtEnvironment env, OrtSession session, String device) throws OrtException {
        this.env = env;
        this.session = session;
        this.device = device;
        this.outputName = session.getOutputNames().contains("logits") ? "logits" : session.getOutputNames().iterator().next();
    }

    static OnnxRunner open(Path modelFile, DevicePlan plan, int intraOpThreads) {
        NativeLibraries.prepare(plan.triesCuda());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (plan.triesCuda()) {
            try {
                OrtSession session = createSession(env, modelFile, intraOpThreads, plan.gpu());
                return new OnnxRunner(env, session, "cuda:" + plan.gpu());
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                LOG.warn("device '{}' requested but CUDA is unavailable ({}); running {} on CPU",
                        plan.requested(), firstLine(e), modelFile);
            }
        }
        try {
            return new OnnxRunner(env, createSession(env, modelFile, intraOpThreads, -1), "cpu");
        } catch (OrtException e) {
            throw new ModelLoadException(modelFile.getFileName() + ": ONNX Runtime cannot load it: " + firstLine(e), e);
        }
    }

    /**
     * A model folder is untrusted: these options never register a custom-op library (nothing a folder
     * holds is loaded as native code), and ModelBundle has checked external-data locations beforehand.
     *
     * @param gpu the CUDA device to use, or -1 for CPU only
     */
    private static OrtSession createSession(OrtEnvironment env, Path modelFile, int intraOpThreads, int gpu) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            SessionTuning.fromSystemProperties().apply(options);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (gpu >= 0) {
                options.addCUDA(gpu);
            }
            return env.createSession(modelFile.toString(), options);
        }
    }

    /** "cpu" or "cuda:N": where the session actually runs. */
    public String device() {
        return device;
    }

    public Set<String> inputNames() {
        return session.getInputNames();
    }

    /** The output's declared shape; -1 marks a dynamic axis. */
    public long[] outputShape() {
        try {
            NodeInfo info = session.getOutputInfo().get(outputName);
            return ((TensorInfo) info.getInfo()).getShape();
        } catch (OrtException e) {
            throw new ModelLoadException("model.onnx: cannot read the shape of output '" + outputName + "'", e);
        }
    }

    public OutputTensor run(List<InputTensor> inputs) throws OrtException {
        Map<String, OnnxTensor> tensors = tensors(inputs);
        try (OrtSession.Result result = session.run(tensors, Set.of(outputName))) {
            OnnxTensor output = (OnnxTensor) result.get(0);
            FloatBuffer buffer = output.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return new OutputTensor(output.getInfo().getShape(), values);
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * A batch's inputs made into ONNX Runtime tensors once, so that the session alone can run on them again
     * and again: the model's own cost, which BenchmarkJob's raw replay measures. Close it to free the tensors.
     */
    public Prepared prepare(List<InputTensor> inputs) throws OrtException {
        return new Prepared(tensors(inputs));
    }

    /** See {@link #prepare}. Thread-safe to run; closed once. */
    public final class Prepared implements AutoCloseable {
        private final Map<String, OnnxTensor> tensors;

        private Prepared(Map<String, OnnxTensor> tensors) {
            this.tensors = tensors;
        }

        /** One session call, output dropped. */
        public void run() throws OrtException {
            session.run(tensors, Set.of(outputName)).close();
        }

        @Override
        public void close() {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    /** ONNX Runtime tensors for one batch, by input name; the caller closes them. */
    private Map<String, OnnxTensor> tensors(List<InputTensor> inputs) throws OrtException {
        Map<String, OnnxTensor> tensors = new HashMap<>();
        try {
            for (InputTensor input : inputs) {
                tensors.put(input.name(), toOnnx(input));
            }
            return tensors;
        } catch (OrtException | RuntimeException e) {
            tensors.values().forEach(OnnxTensor::close);
            throw e;
        }
    }

    private OnnxTensor toOnnx(InputTensor input) throws OrtException {
        if (input.type() == InputTensor.Type.BOOL) {
            ByteBuffer bytes = ByteBuffer.allocateDirect(input.values().length);
            for (long v : input.values()) {
                bytes.put((byte) (v != 0 ? 1 : 0));
            }
            bytes.rewind();
            return OnnxTensor.createTensor(env, bytes, input.shape(), OnnxJavaType.BOOL);
        }
        return OnnxTensor.createTensor(env, LongBuffer.wrap(input.values()), input.shape());
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline));
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debug("closing session", e);
        }
    }
}
