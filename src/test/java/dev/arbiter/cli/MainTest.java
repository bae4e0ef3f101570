package dev.arbiter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @Test
    void onlyServeOpensTheServerAndTheServiceStore() {
        assertTrue(Main.Boot.of("serve").isEmpty());
        Map<String, String> score = Main.Boot.of("score");
        assertEquals("false", score.get("quarkus.http.host-enabled"));
        assertEquals("false", score.get("arbiter.router.eager"));
        assertTrue(score.get("arbiter.db.url").startsWith("jdbc:h2:mem:"));
        assertEquals("false", Main.Boot.of("eval-verifier").get("quarkus.http.host-enabled"));
        assertEquals("false", Main.Boot.of("bench-router").get("arbiter.sandbox.enabled"));
        assertEquals("false", Main.Boot.of("bench-router").get("quarkus.http.host-enabled"));
    }

    @Test
    void aPropertyTheUserSetWins() {
        System.setProperty("arbiter.db.url", "jdbc:h2:mem:mine");
        try {
            assertFalse(Main.Boot.of("score").containsKey("arbiter.db.url"));
        } finally {
            System.clearProperty("arbiter.db.url");
        }
    }

    @Test
    void everyCommandAnswersHelpWithoutTheApplication() {
        for (String command : new String[] {"serve", "score", "eval-verifier", "fit-weights", "bench-router", "replay", "solve"}) {
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new ArbiterCommand()).setOut(new PrintWriter(out));
            assertEquals(0, cli.execute(command, "--help"), command);
            assertTrue(out.toString().contains("Usage: arbiter " + command), command + ": " + out);
        }
    }

    @Test
    void theCommandIsTheFirstWordThatIsNoOption() {
        assertEquals("score", Main.command("score", "--in", "a.jsonl"));
        assertNull(Main.command("--help"));
    }
}
