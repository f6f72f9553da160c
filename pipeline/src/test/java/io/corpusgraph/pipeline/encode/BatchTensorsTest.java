package io.corpusgraph.pipeline.encode;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BatchTensorsTest {
    // Two windows: 5 tokens / 2 words and 3 tokens / 1 word.
    private final List<EncodedWindow> batch = List.of(
            new EncodedWindow(new long[] {101, 7, 8, 9, 102}, new long[] {0, 0, 1, 2, 0}, 2),
            new EncodedWindow(new long[] {101, 7, 102}, new long[] {0, 1, 0}, 1));

    private static InputTensor named(List<InputTensor> inputs, String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void tokenInputsArePaddedWithZerosAndMaskedOut() {
        List<InputTensor> inputs = new TokenTensors().build(batch);
        assertEquals(List.of("input_ids", "attention_mask", "words_mask", "text_lengths"),
                inputs.stream().map(InputTensor::name).toList());
        assertArrayEquals(new long[] {2, 5}, named(inputs, "input_ids").shape());
        assertArrayEquals(new long[] {101, 7, 8, 9, 102, 101, 7, 102, 0, 0}, named(inputs, "input_ids").values());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, named(inputs, "attention_mask").values());
        assertArrayEquals(new long[] {0, 0, 1, 2, 0, 0, 1, 0, 0, 0}, named(inputs, "words_mask").values());
        assertArrayEquals(new long[] {2, 1}, named(inputs, "text_lengths").shape());
        assertArrayEquals(new long[] {2, 1}, named(inputs, "text_lengths").values());
    }

    @Test
    void spanInputsHaveWordsTimesMaxWidthRowsAndZeroRowsForSpansPastTheWindow() {
        List<InputTensor> inputs = new SpanTensors(3).build(batch);
        InputTensor idx = named(inputs, "span_idx");
        InputTensor mask = named(inputs, "span_mask");
        assertArrayEquals(new long[] {2, 6, 2}, idx.shape());
        assertArrayEquals(new long[] {2, 6}, mask.shape());
        assertEquals(InputTensor.Type.BOOL, mask.type());
        assertArrayEquals(new long[] {
                0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0,   // window 0: spans (0,0) (0,1) (1,1)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},  // window 1: span (0,0) only
                idx.values());
        assertArrayEquals(new long[] {1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0}, mask.values());
    }
}
