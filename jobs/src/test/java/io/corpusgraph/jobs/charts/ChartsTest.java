package io.corpusgraph.jobs.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** The chart classes write readable PNGs, with SVG twins, of the expected size from plain numbers, and refuse empty data. */
class ChartsTest {

    @TempDir
    Path dir;

    /** The PNG, read as an image, after checking its SVG twin: a well-formed SVG document of the same size. */
    private static BufferedImage image(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, png + " is no image");
        Element svg = svg(png);
        assertEquals(image.getWidth(), Double.parseDouble(svg.getAttribute("width")));
        assertEquals(image.getHeight(), Double.parseDouble(svg.getAttribute("height")));
        assertTrue(svg.getElementsByTagName("*").getLength() > 20, "the SVG draws the chart");
        return image;
    }

    private static Element svg(Path png) throws Exception {
        Path file = Charts.svgOf(png);
        assertTrue(Files.isRegularFile(file), file + " beside " + png);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);  // offline
        Element root = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        assertEquals("svg", root.getTagName());
        return root;
    }

    /** Not a blank canvas: the chart drew something other than its background. */
    private static void assertDrawn(BufferedImage image) {
        int background = image.getRGB(1, 1);
        int other = 0;
        for (int x = 0; x < image.getWidth(); x += 7) {
            for (int y = 0; y < image.getHeight(); y += 7) {
                other += image.getRGB(x, y) != background ? 1 : 0;
            }
        }
        assertTrue(other > 100, "only " + other + " non-background samples");
    }

    @Test
    void evaluationChartsF1ByThresholdAndByLabel() throws Exception {
        Map<String, TreeMap<Double, Double>> f1 = new LinkedHashMap<>();
        f1.put("conll04-dev", new TreeMap<>(Map.of(0.3, 30.6, 0.4, 31.1, 0.5, 30.0, 0.6, 27.2, 0.7, 24.6)));
        f1.put("conll2003-dev", new TreeMap<>(Map.of(0.3, 56.7, 0.4, 57.9, 0.5, 58.0, 0.6, 57.1, 0.7, 54.9)));
        BufferedImage sweep = image(EvaluationCharts.f1ByThreshold(f1, dir.resolve("evaluate/f1-by-threshold.png")));
        assertEquals(Charts.WIDTH, sweep.getWidth());
        assertEquals(Charts.HEIGHT, sweep.getHeight());
        assertDrawn(sweep);

        BufferedImage labels = image(EvaluationCharts.f1ByLabel("wnut17-test",
                Map.of("person", 62.0, "location", 55.1, "product", 17.7, "creative work", 25.3), dir.resolve("labels.png")));
        assertEquals(Charts.WIDTH, labels.getWidth());
        assertDrawn(labels);
        assertTrue(Files.readString(Charts.svgOf(dir.resolve("labels.png"))).contains("creative work"), "text stays text in the SVG");

        assertThrows(IllegalArgumentException.class, () -> EvaluationCharts.f1ByThreshold(Map.of(), dir.resolve("x.png")));
        assertThrows(IllegalArgumentException.class, () -> EvaluationCharts.f1ByLabel("d", Map.of(), dir.resolve("y.png")));
    }

    @Test
    void benchmarkChartsStagesThroughputAndMemory() throws Exception {
        Map<String, Double> shares = new LinkedHashMap<>();
        shares.put("split", 0.0);
        shares.put("tokenize", 0.002);
        shares.put("onnx", 0.947);
        shares.put("spark", 0.01);
        shares.put("write", 0.041);
        assertDrawn(image(BenchmarkCharts.stageShares(shares, dir.resolve("stages.png"))));

        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("end to end", 12.4);
        rates.put("extraction pass", 12.9);
        rates.put("raw model", 13.6);
        assertDrawn(image(BenchmarkCharts.throughput(rates, dir.resolve("throughput.png"))));

        List<Double> seconds = List.of(0.0, 10.0, 20.0, 30.0, 40.0);
        Map<String, List<Double>> mib = new LinkedHashMap<>();
        mib.put("live heap", List.of(34.0, 180.0, 219.0, 219.5, 220.0));
        mib.put("RSS", List.of(592.0, 1500.0, 1900.0, 1920.0, 1932.0));
        BufferedImage memory = image(BenchmarkCharts.memory(seconds, mib, dir.resolve("memory.png")));
        assertEquals(Charts.WIDTH, memory.getWidth());
        assertDrawn(memory);

        assertThrows(IllegalArgumentException.class,
                () -> BenchmarkCharts.memory(seconds, Map.of("RSS", List.of(1.0)), dir.resolve("bad.png")));
    }
}
