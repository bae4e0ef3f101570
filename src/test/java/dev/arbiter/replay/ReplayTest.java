package dev.arbiter.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.router.ModelPool;
import dev.arbiter.router.Prior;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {

    /** A random matrix in both flavours' shape; returns the CSV text. */
    private static String matrix(boolean resolvedFlavour) {
        Random r = new Random(11);
        StringBuilder b = new StringBuilder(resolvedFlavour ? "task_id,dimension,model,resolved,cost_usd\n"
                : "task_id,split,dimension,model,score,cost_usd\n");
        String[] dims = {"code_generation", "bug_fixing", "algorithm"};
        for (int t = 0; t < 300; t++) {
            String dim = dims[t % 3];
            for (String m : List.of("m-a", "m-b", "m-c")) {
                double p = m.equals("m-a") ? 0.7 : m.equals("m-b") && dim.equals("bug_fixing") ? 0.9 : 0.4;
                String outcome = resolvedFlavour ? String.valueOf(r.nextDouble() < p) : r.nextDouble() < p ? "1.0" : "0.0";
                double cost = m.equals("m-a") ? 0.5 : 0.05;
                b.append("dim_t").append(t).append(',').append(resolvedFlavour ? "" : "id_test,").append(dim).append(',')
                        .append(m).append(',').append(outcome).append(',').append(cost).append('\n');
            }
        }
        return b.toString();
    }

    @Test
    void oracleAndAlwaysMatchFiguresComputedIndependently(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.csv");
        Files.writeString(file, matrix(false));
        ReplayData data = ReplayData.load(file, null);
        double lambda = 0.1;
        // independently: straight from the CSV lines
        double oracleScore = 0;
        double oracleReward = 0;
        double alwaysScore = 0;
        double alwaysReward = 0;
        double alwaysCost = 0;
        List<String> lines = Files.readAllLines(file).subList(1, 901);
        for (int t = 0; t < 300; t++) {
            double bestReward = Double.NEGATIVE_INFINITY;
            double bestScore = 0;
            for (String line : lines.subList(3 * t, 3 * t + 3)) {
                String[] f = line.split(",");
                double s = Double.parseDouble(f[4]);
                double c = Double.parseDouble(f[5]);
                if (s - lambda * c > bestReward) {
                    bestReward = s - lambda * c;
                    bestScore = s;
                }
                if (f[3].equals("m-b")) {
                    alwaysScore += s;
                    alwaysReward += s - lambda * c;
                    alwaysCost += c;
                }
            }
            oracleScore += bestScore;
            oracleReward += bestReward;
        }
        Replay.Run oracle = Replay.run(data, 0, () -> Policies.oracle(data, lambda), lambda, Replay.Cascade.off(), 1);
        Replay.Run always = Replay.run(data, 3, () -> Policies.always("m-b"), lambda, Replay.Cascade.off(), 1);
        assertEquals(100 * oracleScore / 300, oracle.avgPerf(), 1e-9);
        assertEquals(0, oracle.cumReg(), 1e-9);
        assertEquals(100, oracle.accuracy(), 1e-9);
        assertEquals(100 * alwaysScore / 300, always.avgPerf(), 1e-9);
        assertEquals(oracleReward - alwaysReward, always.cumReg(), 1e-9);
        assertEquals(alwaysCost, always.totalCost(), 1e-9);
    }

    @Test
    void resolvedFlavourIsReadAndCascadeCountsEveryAttempt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ood.csv");
        Files.writeString(file, matrix(true));
        ReplayData data = ReplayData.load(file, null);
        assertEquals(300, data.tasks().size());
        assertEquals(List.of("m-a", "m-b", "m-c"), data.models());
        Replay.Run cascade = Replay.run(data, 0, () -> Policies.always("m-c"), 0.1, new Replay.Cascade(true, 1.0, 3), 1);
        Replay.Run single = Replay.run(data, 0, () -> Policies.always("m-c"), 0.1, Replay.Cascade.off(), 1);
        assertTrue(cascade.avgPerf() > single.avgPerf());
        assertTrue(cascade.totalCost() > single.totalCost());
        for (Replay.Step s : cascade.steps()) {
            assertTrue(s.attempts().size() == 3 || s.score() == 1.0, s.toString());
        }
    }

    @Test
    void sameInputsAndSeedGiveByteIdenticalOutputs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.csv");
        Files.writeString(file, matrix(false));
        ReplayData data = ReplayData.load(file, null);
        List<String> outputs = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            ReplayPolicies policies = new ReplayPolicies(data, Prior.none(), ModelPool.defaults(), 0.1, null, Replay.Cascade.off());
            List<ReplayReport.PolicyRuns> all = new ArrayList<>();
            for (ReplayPolicies.Entry e : policies.all()) {
                all.add(new ReplayReport.PolicyRuns(e.name(), List.of(Replay.run(data, 0, e.factory(), 0.1, e.cascade(), 7),
                        Replay.run(data, 7, e.factory(), 0.1, e.cascade(), 7))));
            }
            Path d = dir.resolve("decisions-" + round + ".jsonl");
            ReplayReport.decisions(d, all.get(all.size() - 1).runs().get(1));
            outputs.add(ReplayReport.markdown(all) + ReplayReport.regretSvg(all, "t") + ReplayReport.costPerformanceSvg(all, "t")
                    + Files.readString(d));
        }
        assertEquals(outputs.get(0), outputs.get(1));
    }
}
