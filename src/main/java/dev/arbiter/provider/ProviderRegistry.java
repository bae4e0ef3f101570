package dev.arbiter.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.provider.anthropic.AnthropicApi;
import dev.arbiter.provider.anthropic.AnthropicProvider;
import dev.arbiter.provider.openai.OpenAiApi;
import dev.arbiter.provider.openai.OpenAiCompatibleProvider;
import dev.arbiter.router.ModelPool;
import dev.arbiter.router.ModelSpec;
import dev.arbiter.router.ProviderConnection;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The callable models of the pool: one {@link ChatProvider} per enabled model with a connection. Models of one
 * provider (same kind and base URL) share its circuit breaker; keys are looked up in the environment at each call.
 */
@ApplicationScoped
public class ProviderRegistry {
    /** Connecting is quick or not at all: 10 s covers a slow TLS handshake; the model's timeout bounds the rest. */
    private static final Logger LOG = Logger.getLogger(ProviderRegistry.class);
    private static final Duration MAX_CONNECT = Duration.ofSeconds(10);
    private final Map<String, ChatProvider> providers;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @Inject
    public ProviderRegistry(ModelPool pool, ObjectMapper json, ProviderConfig config) {
        this(pool.enabled(), json, config.settings(), ProviderRegistry::lookUpKey);
    }

    public ProviderRegistry(List<ModelSpec> models, ObjectMapper json, ProviderSettings settings, Function<String, String> environment) {
        Map<String, TypedGuard<Completion>> guards = new HashMap<>();
        Map<String, ChatProvider> m = new LinkedHashMap<>();
        for (ModelSpec spec : models) {
            ProviderConnection c = spec.connection();
            if (c == null || !spec.isEnabled()) {
                continue;
            }
            var guard = guards.computeIfAbsent(c.kind().id() + " " + c.baseUri(), k -> Guards.provider(settings));
            m.put(spec.name(), create(new ProviderCall(spec, guard, json, environment), c));
        }
        this.providers = Collections.unmodifiableMap(m);
    }

    /**
     * The value of a key's variable: the environment, or a system property or configuration entry of the same name
     * (MicroProfile Config's sources: system properties, then the environment, then the configuration files), so that a secret mounted as a config source works too.
     */
    private static String lookUpKey(String name) {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse(null);
    }

    private ChatProvider create(ProviderCall call, ProviderConnection c) {
        return switch (c.kind()) {
            case OPENAI_COMPATIBLE -> new OpenAiCompatibleProvider(call, client(c, OpenAiApi.class));
            case ANTHROPIC -> new AnthropicProvider(call, client(c, AnthropicApi.class));
        };
    }

    /** The client's own read timeout is a backstop a second past the guard's, which decides. */
    private <T> T client(ProviderConnection c, Class<T> api) {
        long timeout = c.timeout().toMillis();
        T client = QuarkusRestClientBuilder.newBuilder()
                .baseUri(c.baseUri())
                .connectTimeout(Math.min(timeout, MAX_CONNECT.toMillis()), TimeUnit.MILLISECONDS)
                .readTimeout(timeout + 1000, TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .build(api);
        clients.add((AutoCloseable) client);
        return client;
    }

    /** The provider of an enabled model that has a connection. */
    public Optional<ChatProvider> find(String model) {
        return Optional.ofNullable(model == null ? null : providers.get(model));
    }

    /** The names of the models Arbiter can call, in pool order. */
    public Set<String> callable() {
        return providers.keySet();
    }

    /** The models Arbiter can call; none is a configuration gap the caller cannot fix (503). */
    public java.util.List<String> requireCallable() {
        if (providers.isEmpty()) {
            throw new dev.arbiter.solve.NoCallableModelException("no model of the pool has a provider connection: give "
                    + "models a 'connection' in the models file (docs/providers.md)");
        }
        return java.util.List.copyOf(providers.keySet());
    }

    /** Closes the HTTP clients and their connections. */
    @PreDestroy
    public void close() {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debugf("closing a provider client: %s", e.getClass().getSimpleName());
            }
        }
        clients.clear();
    }
}
