package io.corpusgraph.pipeline.cli;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.DocumentResult;
import io.corpusgraph.pipeline.Entity;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.ModelLoadException;
import io.corpusgraph.pipeline.spec.CommandOption.Group;
import io.corpusgraph.pipeline.spec.ConfigOptions;
import io.corpusgraph.pipeline.spec.ConfiguredCommand;
import io.corpusgraph.pipeline.spec.SpecConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Annotates a JSONL file (or stdin) of {@code {"id": …, "text": …}} records with entities, one output
 * line per input line, in order: {@code {"id": …, "entities": [{start, end, text, label, score}], "error": …}}.
 * A line that is not a JSON object with a text gets an output line with the reason; nothing is dropped.
 */
@Command(name = "annotate", mixinStandardHelpOptions = true,
        description = "Extract entities from JSONL {\"id\", \"text\"} records with a GLiNER or token-classification (BIO) "
                + "ONNX model (a BIO model needs no --labels: its own are used). Settings come from "
                + "conf/extract.conf (model.*, extraction.*); every option below overrides one of its keys.")
public final class AnnotateCommand implements Callable<Integer>, ConfiguredCommand {
    private static final int DOCUMENTS_PER_CALL = 64;
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = {"-i", "--input"}, description = "JSONL input file (default: stdin)")
    Path input;

    @Option(names = {"-o", "--output"}, description = "JSONL output file (default: stdout)")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ObjectMapper json = new ObjectMapper();

    {
        json.getFactory().setCharacterEscapes(new SurrogateEscapes());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AnnotateCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ExtractionSpec params;
        try {
            params = spec();
        } catch (IllegalArgumentException e) {
            err.println("annotate: " + e.getMessage());
            return 2;
        }
        try (Extractor extractor = Extractor.open(params.model())) {
            extractor.extract(List.of(), params); // checks the labels against the model before reading input
            err.printf("annotate: model %s on %s%n", extractor.model().modelId(), extractor.device());
            try (InputStream reader = new BufferedInputStream(open(input), 1 << 16);
                 Writer writer = new BufferedWriter(new OutputStreamWriter(create(output), StandardCharsets.UTF_8))) {
                annotate(extractor, params, reader, writer, err);
            }
            return 0;
        } catch (ModelLoadException | IllegalArgumentException e) {
            err.println("annotate: " + e.getMessage());
            return 2;
        }
    }

    @Override
    public Set<Group> optionGroups() {
        return EnumSet.of(Group.MODEL, Group.DECODING, Group.BATCHING);
    }

    /** A JVM of its own, with no Spark tasks to share the cores with: ONNX Runtime takes them all. */
    @Override
    public Map<String, Object> commandDefaults() {
        return Map.of("model.intra-op-threads", 0);
    }

    /** The bundled conf, a --config file, the named options and --set pairs, as one spec (the jobs read it alike). */
    private ExtractionSpec spec() {
        return SpecConfig.read(configOptions.load());
    }

    /** Reads lines in chunks so the extractor can batch windows of several documents together. */
    private void annotate(Extractor extractor, ExtractionSpec params, InputStream reader, Writer writer,
                          PrintWriter err) throws IOException {
        long started = System.nanoTime();
        long lastProgress = started;
        long done = 0;
        List<ParsedLine> chunk = new ArrayList<>();
        int lineNumber = 0;
        for (byte[] bytes = readLine(reader); ; bytes = readLine(reader)) {
            String line = bytes == null ? null : decodeUtf8(bytes);
            if (bytes != null && line == null) {
                // As extract does: invalid UTF-8 is reported, never turned into U+FFFD and extracted.
                chunk.add(new ParsedLine(null, new Document(null, null), "line " + (++lineNumber)
                        + ": undecodable bytes: not valid UTF-8 at byte " + firstBadByte(bytes)));
            } else if (line != null && !line.isBlank()) {
                chunk.add(parse(line, ++lineNumber));
            } else if (line != null) {
                lineNumber++;
            }
            if (chunk.size() == DOCUMENTS_PER_CALL || (bytes == null && !chunk.isEmpty())) {
                write(chunk, extractor.extract(chunk.stream().map(ParsedLine::document).toList(), params), writer);
                done += chunk.size();
                chunk.clear();
                long now = System.nanoTime();
                if (now - lastProgress > PROGRESS_EVERY_NANOS) {
                    err.printf("annotate: %d documents, %.1f documents/s%n", done, done / ((now - started) / 1e9));
                    err.flush();
                    lastProgress = now;
                }
            }
            if (bytes == null) {
                break;
            }
        }
        err.printf("annotate: %d documents in %.1f s%n", done, (System.nanoTime() - started) / 1e9);
    }

    /** The next line's bytes without its {@code \n} (nor a {@code \r} before it); null at the end of the input. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b = in.read();
        if (b == -1) {
            return null;
        }
        for (; b != -1 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        return bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
    }

    /** Strict UTF-8: null for a malformed sequence. */
    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The offset of the first byte that is no valid UTF-8 (0-based). */
    private static int firstBadByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    /** One input line: its id as given, and either a document or why there is none. */
    private record ParsedLine(JsonNode id, Document document, String error) {}

    private ParsedLine parse(String line, int lineNumber) {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JsonProcessingException e) {
            return new ParsedLine(null, new Document(null, null), "line " + lineNumber + ": malformed JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            return new ParsedLine(null, new Document(null, null), "line " + lineNumber + ": not a JSON object");
        }
        JsonNode id = node.get("id");
        JsonNode text = node.get("text");
        String idText = id == null || id.isNull() ? null : id.asText();
        if (text != null && !text.isNull() && !text.isTextual()) {
            return new ParsedLine(id, new Document(idText, null), "line " + lineNumber + ": text is not a string");
        }
        return new ParsedLine(id, new Document(idText, text == null ? null : text.textValue()), null);
    }

    private void write(List<ParsedLine> lines, List<DocumentResult> results, Writer writer) throws IOException {
        for (int i = 0; i < lines.size(); i++) {
            ParsedLine line = lines.get(i);
            DocumentResult result = results.get(i);
            ObjectNode out = json.createObjectNode();
            out.set("id", line.id());
            var entities = out.putArray("entities");
            for (Entity e : result.entities()) {
                entities.addObject().put("start", e.start()).put("end", e.end()).put("text", e.text())
                        .put("label", e.label()).put("score", e.score());
            }
            out.put("error", line.error() != null ? line.error() : result.error());
            writer.write(json.writeValueAsString(out));
            writer.write('\n');
        }
        writer.flush();
    }

    private static InputStream open(Path file) throws IOException {
        return file == null ? System.in : Files.newInputStream(file);
    }

    private static OutputStream create(Path file) throws IOException {
        return file == null ? new NonClosingStream(System.out) : Files.newOutputStream(file);
    }

    /**
     * Writes UTF-16 surrogates as {@code \\uXXXX} escapes: a lone surrogate read from the input (JSON allows
     * {@code "\\ud800"}) cannot be encoded as UTF-8, and escaping keeps it exactly as it came in.
     */
    private static final class SurrogateEscapes extends CharacterEscapes {
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return Character.isSurrogate((char) ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    /** Lets the writer be closed without closing stdout. */
    private static final class NonClosingStream extends FilterOutputStream {
        NonClosingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
