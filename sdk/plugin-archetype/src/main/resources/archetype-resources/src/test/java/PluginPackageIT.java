package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Reads the built jar and zip (not the class path, where PF4J's empty index in
 * target/test-classes would come first): PF4J finds exactly these extensions.
 */
class PluginPackageIT {
    @Test
    void theJarsExtensionIndexListsTheTriggerTheObjectiveAndTheEvaluator() throws IOException {
        try (ZipFile jar = new ZipFile(Path.of(System.getProperty("plugin.jar")).toFile())) {
            ZipEntry index = jar.getEntry("META-INF/extensions.idx");
            assertThat(index).as("META-INF/extensions.idx in the jar").isNotNull();
            try (InputStream in = jar.getInputStream(index)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines())
                        .contains(ExampleTrigger.class.getName(), ExampleObjective.class.getName(),
                                ExampleEvaluator.class.getName());
            }
        }
    }

    @Test
    void theZipHasItsDescriptorAndItsJar() throws IOException {
        try (ZipFile zip = new ZipFile(Path.of(System.getProperty("plugin.zip")).toFile())) {
            Properties descriptor = new Properties();
            try (InputStream in = zip.getInputStream(zip.getEntry("plugin.properties"))) {
                descriptor.load(in);
            }
            assertThat(descriptor.getProperty("plugin.id")).isEqualTo("${pluginId}");
            assertThat(descriptor.getProperty("plugin.requires")).matches(">=\\d+\\.\\d+\\.0 & <\\d+\\.\\d+\\.0");
            assertThat(zip.stream().map(ZipEntry::getName)).anyMatch(n -> n.startsWith("lib/") && n.endsWith(".jar"));
        }
    }
}
