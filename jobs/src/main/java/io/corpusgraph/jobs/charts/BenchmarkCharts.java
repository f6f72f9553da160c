package io.corpusgraph.jobs.charts;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * BenchmarkJob's charts, from plain numbers: stage shares of slot-seconds, throughput against the raw
 * model, and memory over the run.
 */
public final class BenchmarkCharts {

    private BenchmarkCharts() {}

    /**
     * @param shares stage → share of slot-seconds (0-1), in the report's order, e.g. {@code StageSplit.fractions()}
     *               ({@code split, tokenize, tensors, onnx, decode, relations, spark, write})
     */
    public static Path stageShares(Map<String, Double> shares, Path file) {
        Charts.require(!shares.isEmpty(), "no stages to chart");
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        shares.forEach((stage, share) -> bars.addValue(100 * share, "share", stage));
        JFreeChart chart = ChartFactory.createBarChart("Share of slot-seconds by stage", "stage", "%", bars,
                PlotOrientation.VERTICAL, false, false, false);
        chart.getCategoryPlot().getRangeAxis().setRange(0, 100);
        return Charts.png(chart, file, Charts.WIDTH, Charts.HEIGHT);
    }

    /**
     * @param documentsPerSecond what → documents/s, e.g. {@code {"end to end": 12.4, "extraction pass": 12.9,
     *                           "raw model": 13.6}}
     */
    public static Path throughput(Map<String, Double> documentsPerSecond, Path file) {
        Charts.require(!documentsPerSecond.isEmpty(), "no throughput to chart");
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        documentsPerSecond.forEach((what, rate) -> bars.addValue(rate, "documents/s", what));
        JFreeChart chart = ChartFactory.createBarChart("Throughput", "", "documents/s", bars,
                PlotOrientation.VERTICAL, false, false, false);
        return Charts.png(chart, file, Charts.WIDTH * 2 / 3, Charts.HEIGHT);
    }

    /**
     * @param seconds the samples' times since the start
     * @param mib     series name → MiB at each of those times (same length), e.g. {@code {"live heap": …,
     *                "Spark cache": …, "RSS": …}} from {@code MemorySampler.Sample}
     */
    public static Path memory(List<Double> seconds, Map<String, List<Double>> mib, Path file) {
        Charts.require(!seconds.isEmpty() && !mib.isEmpty(), "no memory samples to chart");
        XYSeriesCollection lines = new XYSeriesCollection();
        mib.forEach((name, values) -> {
            Charts.require(values.size() == seconds.size(), name + ": " + values.size() + " values for "
                    + seconds.size() + " sample times");
            XYSeries series = new XYSeries(name);
            for (int i = 0; i < values.size(); i++) {
                series.add(seconds.get(i), values.get(i));
            }
            lines.addSeries(series);
        });
        JFreeChart chart = ChartFactory.createXYLineChart("Memory over the run", "seconds", "MiB", lines,
                PlotOrientation.VERTICAL, true, false, false);
        chart.getXYPlot().setRenderer(new XYLineAndShapeRenderer(true, false));
        return Charts.png(chart, file, Charts.WIDTH, Charts.HEIGHT);
    }
}
