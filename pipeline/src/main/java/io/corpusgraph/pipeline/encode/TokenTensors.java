package io.corpusgraph.pipeline.encode;

import java.util.Arrays;
import java.util.List;

/**
 * The four inputs every GLiNER model takes, and all a token-level model takes:
 * {@code input_ids}, {@code attention_mask}, {@code words_mask} [B, T] and {@code text_lengths} [B, 1].
 * Shorter windows are padded with id 0 and attention 0.
 */
public final class TokenTensors implements BatchTensors {

    @Override
    public List<InputTensor> build(List<EncodedWindow> batch) {
        int rows = batch.size();
        int width = batch.stream().mapToInt(EncodedWindow::tokenCount).max().orElse(0);
        long[] inputIds = new long[rows * width];
        long[] attention = new long[rows * width];
        long[] wordsMask = new long[rows * width];
        long[] textLengths = new long[rows];
        for (int row = 0; row < rows; row++) {
            EncodedWindow window = batch.get(row);
            int offset = row * width;
            System.arraycopy(window.inputIds(), 0, inputIds, offset, window.tokenCount());
            System.arraycopy(window.wordsMask(), 0, wordsMask, offset, window.tokenCount());
            Arrays.fill(attention, offset, offset + window.tokenCount(), 1L);
            textLengths[row] = window.wordCount();
        }
        long[] shape = {rows, width};
        return List.of(
                new InputTensor("input_ids", InputTensor.Type.INT64, shape, inputIds),
                new InputTensor("attention_mask", InputTensor.Type.INT64, shape, attention),
                new InputTensor("words_mask", InputTensor.Type.INT64, shape, wordsMask),
                new InputTensor("text_lengths", InputTensor.Type.INT64, new long[] {rows, 1}, textLengths));
    }
}
