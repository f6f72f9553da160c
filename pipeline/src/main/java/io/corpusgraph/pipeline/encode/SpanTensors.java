package io.corpusgraph.pipeline.encode;

import java.util.ArrayList;
import java.util.List;

/**
 * A span model's inputs: the four common ones plus every candidate span. With W the most words in
 * the batch and K the model's max_width, row {@code s*K + w} of {@code span_idx} [B, W*K, 2] is the
 * span (s, s+w) when it lies inside that window's words, with {@code span_mask} [B, W*K] true; other
 * rows are (0, 0) and false.
 * The exported graph neither pads nor cuts these, so there must be exactly W*K rows.
 */
public final class SpanTensors implements BatchTensors {
    private final TokenTensors common = new TokenTensors();
    private final int maxWidth;

    public SpanTensors(int maxWidth) {
        this.maxWidth = maxWidth;
    }

    @Override
    public List<InputTensor> build(List<EncodedWindow> batch) {
        int rows = batch.size();
        int words = batch.stream().mapToInt(EncodedWindow::wordCount).max().orElse(0);
        int spans = words * maxWidth;
        long[] spanIdx = new long[rows * spans * 2];
        long[] spanMask = new long[rows * spans];
        for (int row = 0; row < rows; row++) {
            int n = batch.get(row).wordCount();
            // Spans that end past this window's words stay (0, 0) / false, so no graph indexes beyond W.
            for (int s = 0; s < n; s++) {
                for (int w = 0; w < maxWidth && s + w < n; w++) {
                    int span = row * spans + s * maxWidth + w;
                    spanIdx[2 * span] = s;
                    spanIdx[2 * span + 1] = s + w;
                    spanMask[span] = 1;
                }
            }
        }
        List<InputTensor> inputs = new ArrayList<>(common.build(batch));
        inputs.add(new InputTensor("span_idx", InputTensor.Type.INT64, new long[] {rows, spans, 2}, spanIdx));
        inputs.add(new InputTensor("span_mask", InputTensor.Type.BOOL, new long[] {rows, spans}, spanMask));
        return inputs;
    }
}
