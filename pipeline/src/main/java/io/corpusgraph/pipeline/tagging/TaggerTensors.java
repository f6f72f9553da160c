package io.corpusgraph.pipeline.tagging;

import io.corpusgraph.pipeline.encode.BatchTensors;
import io.corpusgraph.pipeline.encode.EncodedWindow;
import io.corpusgraph.pipeline.encode.InputTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A token-classification model's inputs (contract §2): {@code input_ids} and {@code attention_mask} [B, T],
 * right-padded with the tokenizer's pad id and mask 0, and {@code token_type_ids} (all zeros) only when the
 * graph declares it.
 */
public final class TaggerTensors implements BatchTensors {
    private final long padId;
    private final boolean tokenTypes;

    public TaggerTensors(long padId, boolean tokenTypes) {
        this.padId = padId;
        this.tokenTypes = tokenTypes;
    }

    @Override
    public List<InputTensor> build(List<EncodedWindow> batch) {
        int rows = batch.size();
        int width = batch.stream().mapToInt(EncodedWindow::tokenCount).max().orElse(0);
        long[] inputIds = new long[rows * width];
        long[] attention = new long[rows * width];
        Arrays.fill(inputIds, padId);
        for (int row = 0; row < rows; row++) {
            EncodedWindow window = batch.get(row);
            System.arraycopy(window.inputIds(), 0, inputIds, row * width, window.tokenCount());
            Arrays.fill(attention, row * width, row * width + window.tokenCount(), 1L);
        }
        long[] shape = {rows, width};
        List<InputTensor> inputs = new ArrayList<>(List.of(
                new InputTensor("input_ids", InputTensor.Type.INT64, shape, inputIds),
                new InputTensor("attention_mask", InputTensor.Type.INT64, shape, attention)));
        if (tokenTypes) {
            inputs.add(new InputTensor("token_type_ids", InputTensor.Type.INT64, shape, new long[rows * width]));
        }
        return inputs;
    }
}
