package dev.arbiter.router;

import dev.arbiter.verifier.Dimension;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic task stream with known best models: on code_generation "a" succeeds 90% of the time and the others
 * 30%; on bug_fixing "b" succeeds 85% and the others 25%; on algorithm, tasks from source "lcb" favour "c" and
 * tasks from "bcb" favour "a". Costs are equal, so the best model is the one that scores most.
 */
final class SyntheticStream {
    static final List<ModelSpec> MODELS = List.of(spec("a"), spec("b"), spec("c"), spec("d"));
    private final Random random;

    SyntheticStream(long seed) {
        random = new Random(seed);
    }

    static ModelSpec spec(String name) {
        return new ModelSpec(name, "test", "mid", 1.0, 1.0, true);
    }

    record Item(RouteTask task, String best) {
    }

    Item next(int i) {
        int kind = random.nextInt(4);
        return switch (kind) {
            case 0 -> new Item(task("dim1_mbpp_" + i, Dimension.CODE_GENERATION), "a");
            case 1 -> new Item(task("dim3_debugbench_" + i, Dimension.BUG_FIXING), "b");
            case 2 -> new Item(task("dim2_lcb_" + i, Dimension.ALGORITHM), "c");
            default -> new Item(task("dim2_bcb_" + i, Dimension.ALGORITHM), "a");
        };
    }

    double score(Item item, String model) {
        double p = switch (item.task().dimension()) {
            case CODE_GENERATION -> model.equals("a") ? 0.9 : 0.3;
            case BUG_FIXING -> model.equals("b") ? 0.85 : 0.25;
            default -> model.equals(item.best()) ? 0.8 : 0.3;
        };
        return random.nextDouble() < p ? 1.0 : 0.0;
    }

    private static RouteTask task(String id, Dimension d) {
        return new RouteTask(id, d, "python", null, null, Map.of());
    }
}
