package io.corpusgraph.pipeline.model;

import io.corpusgraph.pipeline.ModelLoadException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A model folder is untrusted input. An ONNX file may keep its weights in "external data" files it
 * names by path, and ONNX Runtime opens whatever path it finds there; so before a session is created,
 * every such location in the file is read from the protobuf and must be a relative path that stays
 * inside the model folder (no absolute path, no {@code ..}, no symbolic link leading out).
 *
 * <p>Walks only the messages that can hold tensors: ModelProto.graph (7) and .functions (25),
 * GraphProto.node (1), .initializer (5), .sparse_initializer (15), NodeProto.attribute (5),
 * AttributeProto.t (5), .g (6), .tensors (10), .graphs (11), .sparse_tensor (22), .sparse_tensors (23),
 * FunctionProto.node (7), SparseTensorProto.values (1), .indices (2), and TensorProto.external_data (13)
 * whose StringStringEntryProto has key (1) and value (2).
 */
final class ExternalDataCheck {

    private enum Message { MODEL, GRAPH, FUNCTION, NODE, ATTRIBUTE, SPARSE_TENSOR, TENSOR, ENTRY }

    /** Far deeper than any real model's nested subgraphs; a crafted file cannot exhaust the stack. */
    private static final int MAX_DEPTH = 100;

    private final Path folder;
    private final String fileName;

    private ExternalDataCheck(Path folder, String fileName) {
        this.folder = folder;
        this.fileName = fileName;
    }

    /** @throws ModelLoadException naming the offending location, or when the file is not an ONNX protobuf */
    static void check(Path modelFile) {
        ExternalDataCheck check = new ExternalDataCheck(modelFile.toAbsolutePath().getParent(), modelFile.getFileName().toString());
        try (FileChannel channel = FileChannel.open(modelFile, StandardOpenOption.READ)) {
            check.walk(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()), Message.MODEL, 0);
        } catch (IOException e) {
            throw new ModelLoadException(check.fileName + ": cannot read " + modelFile + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof ModelLoadException m) {
                throw m;
            }
            throw new ModelLoadException(check.fileName + ": not a valid ONNX protobuf (" + e + ")", e);
        }
    }

    private void walk(ByteBuffer in, Message message, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("messages nested more than " + MAX_DEPTH + " deep");
        }
        String key = null;
        String value = null;
        while (in.hasRemaining()) {
            long tag = varint(in);
            int field = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> varint(in);
                case 1 -> skip(in, 8);
                case 5 -> skip(in, 4);
                case 2 -> {
                    int length = Math.toIntExact(varint(in));
                    ByteBuffer body = in.slice(in.position(), length);
                    skip(in, length);
                    Message inner = inner(message, field);
                    if (message == Message.ENTRY && field == 1) {
                        key = utf8(body);
                    } else if (message == Message.ENTRY && field == 2) {
                        value = utf8(body);
                    } else if (inner != null) {
                        walk(body, inner, depth + 1);
                    }
                }
                default -> throw new IllegalArgumentException("wire type " + (tag & 7));
            }
        }
        if (message == Message.ENTRY && "location".equals(key)) {
            checkLocation(value);
        }
    }

    /** The message type of a length-delimited field, or null for a field that holds no tensor. */
    private static Message inner(Message message, int field) {
        return switch (message) {
            case MODEL -> field == 7 ? Message.GRAPH : field == 25 ? Message.FUNCTION : null;
            case GRAPH -> field == 1 ? Message.NODE : field == 5 ? Message.TENSOR : field == 15 ? Message.SPARSE_TENSOR : null;
            case FUNCTION -> field == 7 ? Message.NODE : null;
            case NODE -> field == 5 ? Message.ATTRIBUTE : null;
            case ATTRIBUTE -> switch (field) {
                case 5, 10 -> Message.TENSOR;
                case 6, 11 -> Message.GRAPH;
                case 22, 23 -> Message.SPARSE_TENSOR;
                default -> null;
            };
            case SPARSE_TENSOR -> field == 1 || field == 2 ? Message.TENSOR : null;
            case TENSOR -> field == 13 ? Message.ENTRY : null;
            case ENTRY -> null;
        };
    }

    private void checkLocation(String location) {
        String refused = fileName + ": external data location '" + location + "' ";
        if (location == null || location.isEmpty() || location.indexOf('\0') >= 0) {
            throw new ModelLoadException(refused + "is not a file name");
        }
        Path relative = Path.of(location);
        if (relative.isAbsolute() || location.startsWith("/") || location.startsWith("\\")) {
            throw new ModelLoadException(refused + "is absolute; it must lie inside the model folder " + folder);
        }
        for (Path part : relative) {
            if (part.toString().equals("..")) {
                throw new ModelLoadException(refused + "climbs out with '..'; it must lie inside the model folder " + folder);
            }
        }
        Path file = folder.resolve(relative);
        try {
            if (!file.toRealPath().startsWith(folder.toRealPath())) {
                throw new ModelLoadException(refused + "links outside the model folder " + folder);
            }
        } catch (IOException e) {
            throw new ModelLoadException(refused + "names a file missing from the model folder " + folder, e);
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(refused + "is not a regular file in " + folder);
        }
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    private static void skip(ByteBuffer in, int bytes) {
        if (bytes < 0 || bytes > in.remaining()) {
            throw new IllegalArgumentException("field runs past the end of the file");
        }
        in.position(in.position() + bytes);
    }

    private static String utf8(ByteBuffer body) {
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
