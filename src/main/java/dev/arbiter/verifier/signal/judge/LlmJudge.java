package dev.arbiter.verifier.signal.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.Verdict.JudgeReport;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The optional LLM-as-judge signal. The task and the answer go to the judge as data between random markers it is
 * told never to obey; the verdict the sandbox reached is stated as fact. The judge's score is one more signal — it
 * never changes a verdict's status, and the gates still cap a failed run. Answers are cached by content; a timeout,
 * an HTTP error or an unreadable reply makes the signal absent (with the reason), never zero.
 */
@ApplicationScoped
public class LlmJudge {
    private static final Logger LOG = Logger.getLogger(LlmJudge.class);
    private static final Pattern JSON_OBJECT = Pattern.compile("\\{.*}", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JudgeConfig config;
    private final HttpClient http;
    private final Cache<String, JudgeReport> cache;

    public LlmJudge(JudgeConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        this.cache = Caffeine.newBuilder().maximumSize(config.cacheSize()).build();
    }

    public boolean enabled() {
        return config.enabled() && config.baseUrl().isPresent();
    }

    /** The judge's report; its score is null (with absentBecause) when the judge could not give one. */
    public Optional<JudgeReport> judge(Task task, String answer, Verdict verdict) {
        if (!enabled()) {
            return Optional.empty();
        }
        String clipped = answer.length() > config.maxAnswerChars() ? answer.substring(0, config.maxAnswerChars()) : answer;
        String facts = "status=" + verdict.status().wireName() + "; reason=" + verdict.reason()
                + (verdict.tests() == null ? "" : "; tests passed " + verdict.tests().passed() + "/" + verdict.tests().total());
        String key = digest(config.model() + "\u0000" + task.dimension().wireName() + "\u0000" + task.language() + "\u0000"
                + task.prompt() + "\u0000" + clipped + "\u0000" + facts);
        JudgeReport cached = cache.getIfPresent(key);
        if (cached != null) {
            return Optional.of(new JudgeReport(cached.model(), cached.score(), cached.rationale(), true, null));
        }
        JudgeReport report = ask(JudgePrompt.build(task, clipped, facts));
        if (report.score() != null) {
            cache.put(key, report);
        }
        return Optional.of(report);
    }

    private JudgeReport ask(JudgePrompt prompt) {
        try {
            ObjectNode body = JSON.createObjectNode().put("model", config.model()).put("temperature", 0);
            body.putArray("messages").add(message("system", prompt.system())).add(message("user", prompt.user()));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.baseUrl().orElseThrow()
                    .replaceAll("/+$", "") + "/chat/completions"))
                    .timeout(config.timeout()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8));
            String key = System.getenv(config.apiKeyEnv());
            if (key != null && !key.isBlank()) {
                request.header("Authorization", "Bearer " + key);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                return absent("the judge answered HTTP " + response.statusCode());
            }
            return read(JSON.readTree(response.body()).path("choices").path(0).path("message").path("content").asText(""));
        } catch (java.net.http.HttpTimeoutException e) {
            return absent("the judge did not answer within " + config.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return absent("interrupted while waiting for the judge");
        } catch (Exception e) {
            LOG.debugf("judge call failed: %s", e.toString());
            return absent("the judge could not be reached: " + e.getClass().getSimpleName());
        }
    }

    /** The judge's JSON reply: a score in [0, 1] and a short rationale. */
    private JudgeReport read(String content) {
        Matcher m = JSON_OBJECT.matcher(content);
        if (!m.find()) {
            return absent("the judge's reply holds no JSON object");
        }
        try {
            JsonNode reply = JSON.readTree(m.group());
            JsonNode score = reply.get("score");
            if (score == null || !score.isNumber() || score.asDouble() < 0 || score.asDouble() > 1) {
                return absent("the judge's reply has no score within [0, 1]");
            }
            String rationale = reply.path("rationale").asText("");
            return new JudgeReport(config.model(), score.asDouble(),
                    rationale.length() > 500 ? rationale.substring(0, 500) : rationale, false, null);
        } catch (Exception e) {
            return absent("the judge's reply is not valid JSON");
        }
    }

    private JudgeReport absent(String why) {
        return new JudgeReport(config.model(), null, null, false, why);
    }

    private static ObjectNode message(String role, String content) {
        return JSON.createObjectNode().put("role", role).put("content", content);
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
