package io.corpusgraph.jobs.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes JFreeChart charts as PNG files, each with an SVG twin of the same name (for pages and slides that
 * scale), headless (no display needed: {@code java.awt.headless} is set before the first chart). One look for
 * all of the project's charts: white background, grey grid.
 */
public final class Charts {

    static final int WIDTH = 900;
    static final int HEIGHT = 500;

    private Charts() {}

    /** Writes {@code file} (PNG) and its SVG twin ({@link #svgOf}); returns {@code file}. */
    static Path png(JFreeChart chart, Path file, int width, int height) {
        System.setProperty("java.awt.headless", "true");
        chart.setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof CategoryPlot plot) {
            plot.setBackgroundPaint(Color.WHITE);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            if (plot.getRenderer() instanceof BarRenderer bars) {
                bars.setBarPainter(new StandardBarPainter());
                bars.setShadowVisible(false);
            }
        } else if (chart.getPlot() instanceof XYPlot plot) {
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            for (int i = 0; i < plot.getSeriesCount(); i++) {
                plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
            }
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
            SVGGraphics2D svg = new SVGGraphics2D(width, height);
            chart.draw(svg, new Rectangle(0, 0, width, height));
            Files.writeString(svgOf(file), svg.getSVGDocument(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + file, e);
        }
    }

    /** {@code chart.png} → {@code chart.svg}, beside it. */
    public static Path svgOf(Path png) {
        String name = png.getFileName().toString();
        return png.resolveSibling(name.replaceFirst("\\.png$", "") + ".svg");
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
