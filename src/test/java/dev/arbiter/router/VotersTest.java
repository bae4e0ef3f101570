package dev.arbiter.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.memory.Experience;
import dev.arbiter.memory.MemoryIndex;
import dev.arbiter.router.voter.Ballot;
import dev.arbiter.router.voter.LinTsVoter;
import dev.arbiter.router.voter.LinUcbVoter;
import dev.arbiter.router.voter.MemoryVoter;
import dev.arbiter.router.voter.MetadataVoter;
import dev.arbiter.router.voter.PriorVoter;
import dev.arbiter.router.voter.RoutingContext;
import dev.arbiter.router.voter.Voter;
import dev.arbiter.verifier.Dimension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VotersTest {

    private static RoutingContext context(RouteTask task, float[] vector, Random random) {
        return new RoutingContext(task, TaskFeatures.of(task), vector, SyntheticStream.MODELS,
                Map.of("a", 0.0, "b", 0.0, "c", 0.0, "d", 0.0), 0.1, random);
    }

    /** Lets a voter choose alone on the stream; returns how often it picked the best model in the last 200 tasks. */
    private static double accuracyAlone(Voter voter, long seed) {
        SyntheticStream stream = new SyntheticStream(seed);
        Random random = new Random(seed);
        int right = 0;
        for (int i = 0; i < 1_000; i++) {
            SyntheticStream.Item item = stream.next(i);
            Ballot b = voter.vote(context(item.task(), null, random));
            String choice = b.choice(Map.of(), 0);
            if (i >= 800 && choice.equals(item.best())) {
                right++;
            }
            voter.learn(TaskFeatures.of(item.task()), null, choice, stream.score(item, choice), 0);
        }
        return right / 200.0;
    }

    @Test
    void linUcbFindsTheBestModelPerDimensionAndSource() {
        double accuracy = accuracyAlone(new LinUcbVoter(0.3), 1);
        assertTrue(accuracy > 0.85, "accuracy " + accuracy);
    }

    @Test
    void linearThompsonSamplingFindsThemToo() {
        assertTrue(accuracyAlone(new LinTsVoter(0.3), 2) > 0.85);
    }

    @Test
    void memoryNeighboursVoteWithTheirScoresWeightedBySimilarity() {
        MemoryIndex index = new MemoryIndex(10, 2);
        index.add(experience("t1", "a", 1.0, new float[] {1, 0}));
        index.add(experience("t2", "b", 0.0, new float[] {0.8f, 0.6f}));
        index.add(experience("t3", "c", 1.0, new float[] {0, 1}));
        MemoryVoter voter = new MemoryVoter(index, 2, 0.5);
        RouteTask task = new RouteTask("q", Dimension.CODE_GENERATION, null, null, null, null);
        Ballot b = voter.vote(context(task, new float[] {1, 0}, new Random(1)));
        assertEquals(Map.of("a", 1.0, "b", 0.0), b.scores());
        assertEquals(2, ((List<?>) b.evidence()).size());
    }

    @Test
    void priorFromAMatrixShrinksSmallGroupsTowardsTheirDimension(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("prior.csv");
        StringBuilder rows = new StringBuilder("task_id,dimension,model,score,cost_usd\n");
        for (int i = 0; i < 40; i++) {
            rows.append("dim1_mbpp_").append(i).append(",code_generation,a,1.0,0.01\n");
            rows.append("dim1_mbpp_").append(i).append(",code_generation,b,0.0,0.001\n");
        }
        rows.append("dim1_bcb_1,code_generation,a,0.0,0.01\ndim1_bcb_1,code_generation,b,1.0,0.001\n");
        Files.writeString(csv, rows);
        PriorVoter voter = new PriorVoter(Prior.load(csv));
        RouteTask bcb = new RouteTask("dim1_bcb_9", Dimension.CODE_GENERATION, null, null, null, null);
        Map<String, Double> s = voter.vote(context(bcb, null, new Random(1))).scores();
        assertTrue(s.get("a") > s.get("b"), s.toString());
        assertTrue(s.get("a") < 1.0 && s.get("b") > 0.0, s.toString());
        RouteTask other = new RouteTask("x", Dimension.ALGORITHM, null, null, null, null);
        assertTrue(voter.vote(context(other, null, new Random(1))).abstains());
    }

    @Test
    void priorMapGivesTheNamedModelALead(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("best.json");
        Files.writeString(json, "{\"_about\": \"x\", \"bug_fixing\": \"b\"}");
        PriorVoter voter = new PriorVoter(Prior.load(json));
        RouteTask task = new RouteTask("t", Dimension.BUG_FIXING, null, null, null, null);
        Ballot ballot = voter.vote(context(task, null, new Random(1)));
        assertEquals("b", ballot.choice(Map.of(), 0));
    }

    @Test
    void metadataVoterPrefersHigherTiersMoreOnHardTasks() {
        List<ModelSpec> pool = List.of(new ModelSpec("p", "x", "premium", 5, 25, true), new ModelSpec("l", "x", "low", 0.1, 0.5, true));
        MetadataVoter voter = new MetadataVoter();
        RouteTask hard = new RouteTask("t", Dimension.ALGORITHM, null, null, null, Map.of("difficulty", "hard"));
        RouteTask easy = new RouteTask("t", Dimension.ALGORITHM, null, null, null, Map.of("difficulty", "easy"));
        var h = voter.vote(new RoutingContext(hard, TaskFeatures.of(hard), null, pool, Map.of(), 0.1, new Random(1))).scores();
        var e = voter.vote(new RoutingContext(easy, TaskFeatures.of(easy), null, pool, Map.of(), 0.1, new Random(1))).scores();
        assertTrue(h.get("p") - h.get("l") > e.get("p") - e.get("l"));
    }

    @Test
    void theVoteGivesMoreWeightToVotersThatPredictWell() {
        VoteCombiner combiner = new VoteCombiner(2.0);
        for (int i = 0; i < 20; i++) {
            combiner.learn(VoteCombiner.losses(Map.of("good", Map.of("a", 0.9), "bad", Map.of("a", 0.1)), "a", 1.0));
        }
        assertTrue(combiner.weight("good") > 3 * combiner.weight("bad"));
        Map<String, Double> combined = combiner.combine(List.of(new Ballot("good", Map.of("a", 0.9), null),
                new Ballot("bad", Map.of("a", 0.1), null)), List.of("a"));
        assertTrue(combined.get("a") > 0.7, combined.toString());
    }

    @Test
    void theEngineLearnsTheStreamsBestModels() {
        RoutingEngine engine = new RoutingEngine(Prior.none(), new MemoryIndex(1_000, TaskFeatures.WIDTH),
                RoutingEngine.Settings.defaults(0.1, 10, 0.5), 600);
        SyntheticStream stream = new SyntheticStream(5);
        Random random = new Random(5);
        int right = 0;
        for (int i = 0; i < 1_200; i++) {
            SyntheticStream.Item item = stream.next(i);
            TaskFeatures f = TaskFeatures.of(item.task());
            float[] v = MemoryIndex.normalized(f.vector());
            Decision d = engine.decide(item.task(), f, v, SyntheticStream.MODELS, random);
            double score = stream.score(item, d.model());
            engine.learn(new Experience(i, d.decisionId(), item.task().id(), item.task().dimension(), "python", d.model(),
                    score, 0, score, null, Instant.now(), f.encode(), v,
                    RoutingEngine.encodeLosses(RoutingEngine.losses(d, d.model(), score))), f);
            if (i >= 1_000 && d.model().equals(item.best())) {
                right++;
            }
        }
        assertTrue(right / 200.0 > 0.8, "right " + right + " of 200");
    }

    private static Experience experience(String task, String model, double score, float[] v) {
        return new Experience(0, "d-" + task, task, Dimension.CODE_GENERATION, "python", model, score, 0, score, null,
                Instant.now(), "code_generation x", MemoryIndex.normalized(v), "");
    }
}
