package dev.arbiter.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.router.ModelSpec;
import dev.arbiter.router.ProviderConnection;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.resteasy.reactive.client.SseEvent;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * What both protocols share for one model: the key read from the environment at call time, the guards, the mapping
 * of HTTP outcomes to {@link ProviderFailure}s, the latency and the cost at the pool's prices.
 */
public final class ProviderCall {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ProviderCall.class);
    private final ModelSpec spec;
    private final ProviderConnection connection;
    private final String provider;
    private final TypedGuard<Completion> providerGuard;
    private final TypedGuard<Completion> timeoutGuard;
    private final ObjectMapper json;
    private final Function<String, String> environment;

    ProviderCall(ModelSpec spec, TypedGuard<Completion> providerGuard, ObjectMapper json, Function<String, String> environment) {
        this.spec = spec;
        this.connection = spec.connection();
        this.provider = spec.provider() != null ? spec.provider() : connection.baseUri().getHost();
        this.providerGuard = providerGuard;
        this.timeoutGuard = Guards.timeout(connection.timeout());
        this.json = json;
        this.environment = environment;
    }

    public ModelSpec spec() {
        return spec;
    }

    /** A request record as JSON, written with the application's ObjectMapper. */
    public String write(Object request) {
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + connection.kind().id() + " request", e);
        }
    }

    /** The key, read now from the variable the models file names; null when the connection names none. */
    public String key() {
        if (connection.keyEnv() == null) {
            return null;
        }
        String key = environment.apply(connection.keyEnv());
        if (key == null || key.isBlank()) {
            throw failure(ProviderFailure.NO_KEY, "environment variable " + connection.keyEnv() + " is not set");
        }
        return key;
    }

    /** Sends through the guards and reads the reply; every way of getting no answer ends as a ProviderUnavailableException. */
    public ChatAnswer run(String key, Supplier<Response> send, Function<JsonNode, Completion> read) {
        return guarded(key, () -> exchange(key, send, read), new AtomicBoolean());
    }

    /**
     * What one event of a stream adds: a piece of text, token counts (either may come alone: Anthropic sends the input
     * count first and the output count last), the finish reason, or none of them.
     */
    public record Piece(String text, Long inputTokens, Long outputTokens, String finishReason) {
        public static Piece text(String text) {
            return new Piece(text, null, null, null);
        }
    }

    /**
     * A streamed call through the same guards: each piece of text goes to {@code onDelta} as it arrives. A failure
     * before the first piece is retried like any call; once a piece has been passed on, a broken stream is
     * {@link ProviderFailure#STREAM_BROKEN} and not retried. A client that went away ({@code onDelta} throws
     * {@link CancellationException}) ends the call at once, closing the provider's stream, and is nobody's failure:
     * not retried, not counted by the breaker. A count the server does not send (one that ignores
     * {@code stream_options}) is estimated: a quarter of the characters of the request, or of the answer.
     */
    public ChatAnswer stream(String key, String body, Supplier<Multi<SseEvent<String>>> open,
            BiFunction<String, JsonNode, Piece> read, Consumer<String> onDelta) {
        AtomicBoolean passedOn = new AtomicBoolean();
        return guarded(key, () -> consume(key, body.length(), open, read, onDelta, passedOn), passedOn);
    }

    /** One call through the guards (retry, breaker, timeout), timed and priced; {@code passedOn}: a stream began. */
    private ChatAnswer guarded(String key, java.util.concurrent.Callable<Completion> call, AtomicBoolean passedOn) {
        long start = System.nanoTime();
        Completion c;
        try {
            c = providerGuard.call(() -> timeoutGuard.call(call));
        } catch (ProviderUnavailableException | CancellationException e) {
            throw e;
        } catch (TimeoutException e) {
            throw failure(passedOn.get() ? ProviderFailure.STREAM_BROKEN : ProviderFailure.TIMEOUT,
                    "no complete answer within " + connection.timeout().toMillis() + " ms");
        } catch (CircuitBreakerOpenException e) {
            throw failure(ProviderFailure.CIRCUIT_OPEN, "too many recent failures; failing fast");
        } catch (Exception e) {
            throw failure(passedOn.get() ? ProviderFailure.STREAM_BROKEN : ProviderFailure.UNREACHABLE, describe(e, key));
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        double cost = spec.cost(c.usage().inputTokens(), c.usage().outputTokens());
        return new ChatAnswer(spec.name(), c.text(), c.usage(), cost, latency, c.finishReason());
    }

    /** Reads a stream to its end; closing the Java stream cancels the subscription, which closes the connection. */
    private Completion consume(String key, int requestChars, Supplier<Multi<SseEvent<String>>> open,
            BiFunction<String, JsonNode, Piece> read, Consumer<String> onDelta, AtomicBoolean passedOn) {
        StringBuilder text = new StringBuilder();
        Long in = null;
        Long out = null;
        String finish = null;
        try (java.util.stream.Stream<SseEvent<String>> events = open.get().subscribe().asStream()) {
            var it = events.iterator();
            while (it.hasNext()) {
                SseEvent<String> event = it.next();
                String data = event.data() == null ? "" : event.data().strip();
                if (data.isEmpty()) {
                    continue;
                }
                if (data.equals("[DONE]")) {
                    break;
                }
                JsonNode chunk = parse(data);
                if (chunk.path("error").isObject()) {
                    // vLLM, OpenRouter and OpenAI report a failure inside a 200 stream as an error chunk.
                    throw failure(passedOn.get() ? ProviderFailure.STREAM_BROKEN : ProviderFailure.SERVER_ERROR,
                            "error chunk in the stream");
                }
                Piece p = read.apply(event.name(), chunk);
                if (p.text() != null && !p.text().isEmpty()) {
                    passedOn.set(true);
                    onDelta.accept(p.text());
                    text.append(p.text());
                }
                in = p.inputTokens() != null ? p.inputTokens() : in;
                out = p.outputTokens() != null ? p.outputTokens() : out;
                if (p.finishReason() != null) {
                    finish = p.finishReason();
                }
            }
        } catch (WebApplicationException e) {
            throw statusFailure(e.getResponse());
        } catch (JsonReply.Malformed e) {
            throw failure(passedOn.get() ? ProviderFailure.STREAM_BROKEN : ProviderFailure.MALFORMED_RESPONSE, e.getMessage());
        } catch (ProviderUnavailableException | CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(passedOn.get() ? ProviderFailure.STREAM_BROKEN
                    : timedOut(e) ? ProviderFailure.TIMEOUT : ProviderFailure.UNREACHABLE, describe(e, key));
        }
        if (text.length() == 0 && finish == null) {
            throw failure(ProviderFailure.MALFORMED_RESPONSE, "the stream ended with no text and no finish reason");
        }
        TokenUsage usage = new TokenUsage(in != null ? in : (requestChars + 3) / 4,
                out != null ? out : (text.length() + 3) / 4);
        return new Completion(text.toString(), usage, finish);
    }

    /** A non-2xx reply: 429 and 5xx are worth another try (after Retry-After), another 4xx is the request's fault. */
    private ProviderUnavailableException statusFailure(Response r) {
        int status = r.getStatus();
        if (status == 429) {
            return failure(ProviderFailure.RATE_LIMITED, "HTTP 429", retryAfter(r));
        }
        if (status >= 500) {
            return failure(ProviderFailure.SERVER_ERROR, "HTTP " + status, retryAfter(r));
        }
        return failure(ProviderFailure.REJECTED, "HTTP " + status);
    }

    private Completion exchange(String key, Supplier<Response> send, Function<JsonNode, Completion> read) {
        try (Response r = send.get()) {
            int status = r.getStatus();
            if (status < 200 || status >= 300) {
                throw statusFailure(r);
            }
            return read.apply(parse(r.readEntity(String.class)));
        } catch (ProcessingException e) {
            throw failure(timedOut(e) ? ProviderFailure.TIMEOUT : ProviderFailure.UNREACHABLE, describe(e, key));
        } catch (JsonReply.Malformed e) {
            throw failure(ProviderFailure.MALFORMED_RESPONSE, e.getMessage());
        }
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = body == null ? null : json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new JsonReply.Malformed("the body is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new JsonReply.Malformed("the body is not JSON");
        }
    }

    private static Duration retryAfter(Response r) {
        return RetryAfter.parse(r.getHeaderString("Retry-After"), Clock.systemUTC());
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.util.concurrent.TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /** The root cause's type and message, with the key blanked out should a library ever echo it. */
    /**
     * For the failure's message, which reaches clients: the root cause's type only. Its message (which can name an
     * internal host and port) goes to the log, with the key blanked out should a library ever echo it.
     */
    private String describe(Throwable e, String key) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root.getMessage() != null) {
            String text = key != null && !key.isEmpty() ? root.getMessage().replace(key, "[key]") : root.getMessage();
            LOG.warnf("provider %s (model %s): %s: %s", provider, spec.name(), root.getClass().getSimpleName(),
                    text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
        return root.getClass().getSimpleName();
    }

    ProviderUnavailableException failure(ProviderFailure reason, String detail) {
        return failure(reason, detail, null);
    }

    private ProviderUnavailableException failure(ProviderFailure reason, String detail, Duration retryAfter) {
        return new ProviderUnavailableException(provider, spec.name(), reason, detail, retryAfter);
    }
}
