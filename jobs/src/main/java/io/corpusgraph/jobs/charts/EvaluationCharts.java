package io.corpusgraph.jobs.charts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * EvaluateJob's charts, from plain numbers (F1 in percent, 0-100):
 * <ul>
 * <li>{@link #f1ByThreshold}: one line per dataset, F1 against the threshold (the {@code --thresholds} sweep);</li>
 * <li>{@link #f1ByLabel}: one horizontal bar per label of one dataset, best first.</li>
 * </ul>
 */
public final class EvaluationCharts {

    private EvaluationCharts() {}

    /**
     * @param f1 dataset → (threshold → F1 %), e.g. {@code {"conll2003-dev": {0.3: 56.7, 0.4: 57.9, 0.5: 58.0}}}
     * @param file the PNG to write (folders are created)
     */
    public static Path f1ByThreshold(Map<String, ? extends SortedMap<Double, Double>> f1, Path file) {
        Charts.require(!f1.isEmpty(), "no datasets to chart");
        XYSeriesCollection lines = new XYSeriesCollection();
        f1.forEach((dataset, byThreshold) -> {
            Charts.require(!byThreshold.isEmpty(), "dataset " + dataset + " has no thresholds");
            XYSeries series = new XYSeries(dataset);
            byThreshold.forEach(series::add);
            lines.addSeries(series);
        });
        JFreeChart chart = ChartFactory.createXYLineChart("F1 by threshold", "threshold", "F1 (%)", lines,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        return Charts.png(chart, file, Charts.WIDTH, Charts.HEIGHT);
    }

    /**
     * @param dataset the dataset's name, for the title
     * @param f1 label → F1 % (the dataset's per-label rows; the average row is best left out)
     * @param file the PNG to write
     */
    public static Path f1ByLabel(String dataset, Map<String, Double> f1, Path file) {
        Charts.require(!f1.isEmpty(), "no labels to chart for " + dataset);
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(f1.entrySet());
        sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        for (Map.Entry<String, Double> e : sorted) {
            bars.addValue(e.getValue(), "F1", e.getKey());
        }
        JFreeChart chart = ChartFactory.createBarChart("F1 by label: " + dataset, "label", "F1 (%)", bars,
                PlotOrientation.HORIZONTAL, false, false, false);
        chart.getCategoryPlot().getRangeAxis().setRange(0, 100);
        int height = Math.max(Charts.HEIGHT / 2, 120 + 28 * sorted.size());
        return Charts.png(chart, file, Charts.WIDTH, height);
    }
}
