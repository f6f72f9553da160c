package io.corpusgraph.pipeline.onnx;

import io.corpusgraph.pipeline.spec.SpecConfig;
import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.DocumentResult;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.pipeline.TestModels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SessionSharingTest {

    @Test
    void twoThreadsShareOneExtractorAndOneSession() throws Exception {
        // A thread count no other test uses, so this test creates the session.
        RuntimeSettings settings = new RuntimeSettings(TestModels.SPAN, "cpu", 1);
        int before = Extractor.sessionsCreated();
        List<Document> docs = List.of(new Document("a", "Angela Merkel met Emmanuel Macron in Paris on Monday."),
                new Document("b", "Reuters reported that Siemens will open a plant in Texas."));
        ExtractionSpec params = SpecConfig.defaults().withLabels(List.of("person", "location", "organization"));
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<Object[]> task = () -> {
            start.await();
            Extractor extractor = Extractor.shared(settings);
            List<DocumentResult> results = null;
            for (int i = 0; i < 5; i++) {
                results = extractor.extract(docs, params);
            }
            return new Object[] {extractor, results};
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Object[]> first = pool.submit(task);
            Future<Object[]> second = pool.submit(task);
            Object[] a = first.get();
            Object[] b = second.get();
            assertSame(a[0], b[0]);
            assertEquals(a[1], b[1]);
        } finally {
            pool.shutdown();
        }
        assertEquals(before + 1, Extractor.sessionsCreated());
        Extractor.shared(settings).extract(docs, params);
        assertEquals(before + 1, Extractor.sessionsCreated());
    }
}
