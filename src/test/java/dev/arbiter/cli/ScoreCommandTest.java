package dev.arbiter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.batch.BatchShard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The score and score merge command lines, without the application: options, errors and exit codes. */
class ScoreCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The CLI as picocli alone builds it; merge gets a plain ObjectMapper (no validator: these merges have no --in). */
    private CommandLine cli() {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof ScoreMergeCommand merge) {
                    merge.json = new ObjectMapper();
                }
                return made;
            }
        };
        return new CommandLine(new ArbiterCommand(), factory).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    }

    @Test
    void scoreHelpShowsBothFormsAndTheShardOption() {
        assertEquals(0, cli().execute("score", "--help"));
        String help = out.toString();
        assertTrue(help.contains("arbiter score --in=<in> --out=<out> [--shard=I/N|job/N] [OPTIONS]"), help);
        assertTrue(help.contains("arbiter score merge --out=<out> [--in=<in>] [--matrix=<matrix>] SHARD..."), help);
        assertTrue(help.contains("--shard=I/N|job/N"), help);
        assertTrue(help.contains("merge  Join the verdict files"), help);
    }

    @Test
    void mergeAnswersHelp() {
        assertEquals(0, cli().execute("score", "merge", "--help"));
        assertTrue(out.toString().contains("Usage: arbiter score merge"), out.toString());
    }

    @Test
    void scoreWithoutInOrOutIsAUsageError() {
        assertEquals(2, cli().execute("score", "--out", "v.jsonl"));
        assertTrue(err.toString().contains("Missing required option: '--in=<in>'"), err.toString());
        assertEquals(2, cli().execute("score"));
        assertTrue(err.toString().contains("Missing required options: '--in=<in>', '--out=<out>'"), err.toString());
    }

    @Test
    void aBadShardIsAUsageErrorSayingWhy() {
        assertEquals(2, cli().execute("score", "--in", "r.jsonl", "--out", "v.jsonl", "--shard", "5/4"));
        assertTrue(err.toString().contains("Invalid value for option '--shard': '5/4': the shard I must be in 1..4 (1-based)"), err.toString());
        assertEquals(2, cli().execute("score", "--in", "r.jsonl", "--out", "v.jsonl", "--shard", "junk"));
        assertTrue(err.toString().contains("'junk' is not I/N"), err.toString());
    }

    @Test
    void jobShardsReadTheJobIndexFromTheEnvironmentGiven() {
        ScoreCommand score = new ScoreCommand();
        new CommandLine(score).parseArgs("--in", "r.jsonl", "--out", "v.jsonl", "--shard", "job/4");
        score.env = Map.of("JOB_COMPLETION_INDEX", "2")::get;
        assertEquals(new BatchShard(3, 4), score.shard());
        score.env = Map.<String, String>of()::get;
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, score::shard);
        assertTrue(e.getMessage().contains("JOB_COMPLETION_INDEX"), e.getMessage());
    }

    @Test
    void startUpIsCountedFromTheLaunchersStartWhenItGivesOne() {
        ScoreCommand score = new ScoreCommand();
        long jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        score.env = Map.of("ARBITER_LAUNCHED_AT", Long.toString(jvm - 400))::get;
        var result = new dev.arbiter.batch.BatchScorer.Result(1, 0, 0, 1.0, "", 1, 1, jvm + 1100, jvm + 1600);
        assertEquals("start-up, from ./arbiter's start: JVM started 0.40 s, booted 1.40 s, first candidate started 1.50 s,"
                + " first verdict 2.00 s", score.startUp(result, jvm + 1000));
        score.env = Map.<String, String>of()::get;
        assertEquals("start-up, from the JVM's start: booted 1.00 s, first candidate started 1.10 s, first verdict 1.60 s",
                score.startUp(result, jvm + 1000));
    }

    @Test
    void noShardIsTheWholeInput() {
        ScoreCommand score = new ScoreCommand();
        new CommandLine(score).parseArgs("--in", "r.jsonl", "--out", "v.jsonl");
        assertEquals(BatchShard.ALL, score.shard());
    }

    @Test
    void mergeExitsZeroWhenMergedOneWhenRefusedAndTwoOnAUsageError(@TempDir Path dir) throws Exception {
        String verdict = "{\"id\":\"a\",\"taskId\":\"t\",\"dimension\":\"algorithm\",\"model\":\"m\",\"cost\":0.5,"
                + "\"verdict\":{\"status\":\"passed\",\"confidence\":0.9}}";
        Path one = Files.writeString(dir.resolve("1.jsonl"), verdict + "\n");
        Path two = Files.writeString(dir.resolve("2.jsonl"), verdict.replace("\"a\"", "\"b\"") + "\n");
        Path merged = dir.resolve("merged.jsonl");

        assertEquals(0, cli().execute("score", "merge", "--out", merged.toString(), one.toString(), two.toString()), err.toString());
        assertEquals(2, Files.readAllLines(merged).size());
        assertEquals(2, Files.readAllLines(dir.resolve("merged.jsonl.matrix.csv")).size() - 1);

        Path clash = Files.writeString(dir.resolve("3.jsonl"), verdict.replace("0.9", "0.8") + "\n");
        Path refused = dir.resolve("refused.jsonl");
        assertEquals(1, cli().execute("score", "merge", "--out", refused.toString(), one.toString(), clash.toString()));
        assertFalse(Files.exists(refused));

        assertEquals(2, cli().execute("score", "merge", one.toString()));
        assertTrue(err.toString().contains("Missing required option: '--out=<out>'"), err.toString());
    }

    @Test
    void mergeIsTheOnlyScoreWordThatBootsWithoutSandboxes() {
        assertTrue(Main.runsNoSandbox("score", "merge", "--out", "m.jsonl", "a.jsonl"));
        assertTrue(Main.runsNoSandbox("score", "--url", "http://localhost:8080", "--in", "r.jsonl", "--out", "v.jsonl"));
        assertFalse(Main.runsNoSandbox("score", "--in", "merge.jsonl", "--out", "v.jsonl"));
        // what runsNoSandbox relies on: picocli takes no subcommand name as an option's value
        assertEquals(2, cli().execute("score", "--in", "r.jsonl", "--out", "merge"));
    }
}
