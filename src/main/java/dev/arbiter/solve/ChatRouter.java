package dev.arbiter.solve;

import dev.arbiter.provider.ChatAnswer;
import dev.arbiter.provider.ChatMessage;
import dev.arbiter.provider.ChatProvider;
import dev.arbiter.provider.ProviderRegistry;
import dev.arbiter.provider.ProviderUnavailableException;
import dev.arbiter.router.Decision;
import dev.arbiter.router.InvalidFeedbackException;
import dev.arbiter.router.Orchestrator;
import dev.arbiter.router.RouteRequest;
import dev.arbiter.router.RouteTask;
import dev.arbiter.verifier.Dimension;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI-compatible endpoint's routing: which model answers a conversation, and the call, moving on to the next
 * ranked model when a provider gives no answer (until a first piece of a stream has been passed on). The task is the
 * conversation's last user message; its dimension and language are the client's when it says, else inferred
 * ({@link TaskInference}). Nothing is verified here: the answer's decision id lets the client send {@code /v1/feedback}.
 */
@ApplicationScoped
public class ChatRouter {
    /** The policy that lets the router choose. */
    public static final String AUTO = "arbiter/auto";
    /** The policy that takes the model expected to cost least. */
    public static final String CHEAPEST = "arbiter/cheapest";
    /** The policy that solves: the answer is verified, repaired or escalated ({@link SolveLoop}). */
    public static final String VERIFIED = "arbiter/verified";
    private static final int MAX_PROMPT_CHARS = 200_000;
    private final Orchestrator orchestrator;
    private final ProviderRegistry providers;
    private final TaskInference inference;

    public ChatRouter(Orchestrator orchestrator, ProviderRegistry providers, TaskInference inference) {
        this.orchestrator = orchestrator;
        this.providers = providers;
        this.inference = inference;
    }

    /** What the client says of its task, each part optional. */
    public record Hints(Dimension dimension, String language, Double maxCost) {
    }

    /** The decision and the models to try, in order, with what was inferred of the task. */
    public record Routed(Decision decision, List<String> order, Dimension dimension, String language, String basis) {
    }

    /** The answer and which model gave it (after others' outages, perhaps). */
    public record Answered(Routed routed, String model, ChatAnswer answer, List<ProviderUnavailableException> skipped) {
    }

    public Routed route(List<ChatMessage> messages, String policy, Hints hints) {
        List<String> callable = candidates(policy);
        TaskInference.Inferred inferred = inference.infer(messages);
        Dimension dimension = hints.dimension() != null ? hints.dimension() : inferred.dimension();
        String language = hints.language() != null ? hints.language() : inferred.language();
        String basis = hints.dimension() != null && hints.language() != null ? "given by the client" : inferred.basis();
        String prompt = lastUser(messages);
        RouteTask task = new RouteTask("chat/" + digest(prompt), dimension, language,
                prompt.length() > MAX_PROMPT_CHARS ? prompt.substring(0, MAX_PROMPT_CHARS) : prompt, null,
                Map.of("source", "chat"));
        Decision d = orchestrator.route(new RouteRequest(task, callable, hints.maxCost()));
        List<Decision.Ranked> ranking = new ArrayList<>(d.ranking());
        if (CHEAPEST.equals(policy)) {
            ranking.sort(Comparator.comparingDouble(Decision.Ranked::expectedCost));
        } else {
            // The decision's choice first (it may be an exploration), then the ranking.
            ranking.sort(Comparator.comparing((Decision.Ranked r) -> !r.model().equals(d.model())));
        }
        return new Routed(d, ranking.stream().map(Decision.Ranked::model).toList(), dimension, language, basis);
    }

    /**
     * Calls the models in order until one answers; {@code onDelta} (null for a plain call) gets a stream's pieces with
     * the model that sends them. When every provider fails, the last failure is thrown.
     */
    public Answered answer(Routed routed, List<ChatMessage> messages, Integer maxTokens,
            java.util.function.BiConsumer<String, String> onDelta) {
        List<ProviderUnavailableException> skipped = new ArrayList<>();
        for (String model : routed.order()) {
            ChatProvider p = providers.find(model).orElseThrow();
            int cap = maxTokens == null ? p.outputTokenCap() : Math.min(maxTokens, p.outputTokenCap());
            boolean[] passedOn = {false};
            try {
                ChatAnswer a = onDelta == null ? p.chat(messages, cap) : p.stream(messages, cap, piece -> {
                    passedOn[0] = true;
                    onDelta.accept(model, piece);
                });
                return new Answered(routed, model, a, List.copyOf(skipped));
            } catch (ProviderUnavailableException e) {
                if (passedOn[0]) {
                    throw e;
                }
                skipped.add(e);
            }
        }
        throw skipped.get(skipped.size() - 1);
    }

    /**
     * The conversation as a solve task: the last user message is the prompt; the dimension and language are the
     * client's or inferred (a language the verifier runs is needed: the answer is executed).
     */
    public dev.arbiter.verifier.Task task(List<ChatMessage> messages, Hints hints, String tests, String entryPoint) {
        TaskInference.Inferred inferred = inference.infer(messages);
        Dimension dimension = hints.dimension() != null ? hints.dimension() : inferred.dimension();
        String language = hints.language() != null ? hints.language() : inferred.language();
        if (language == null) {
            throw new InvalidFeedbackException("arbiter.language", VERIFIED + " runs the answer, so it needs its "
                    + "language: none could be inferred from the messages; say it in arbiter.language");
        }
        String prompt = lastUser(messages);
        return new dev.arbiter.verifier.Task("chat/" + digest(prompt), dimension, language, prompt,
                tests == null || tests.isBlank() ? null : tests, entryPoint);
    }

    private List<String> candidates(String policy) {
        if (AUTO.equals(policy) || CHEAPEST.equals(policy)) {
            return providers.requireCallable();
        }
        orchestrator.pool().require(policy, "model");
        if (providers.find(policy).isEmpty()) {
            throw new InvalidFeedbackException("model", "'" + policy + "' has no provider connection; use " + AUTO
                    + ", " + CHEAPEST + ", " + VERIFIED + " or one of " + providers.callable());
        }
        return List.of(policy);
    }

    private static String lastUser(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == ChatMessage.Role.USER) {
                return messages.get(i).content();
            }
        }
        return messages.get(messages.size() - 1).content();
    }

    private static String digest(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
