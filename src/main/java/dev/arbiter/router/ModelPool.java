package dev.arbiter.router;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The models Arbiter may route to, read at start-up from the shipped arbiter/models.yaml or the file named by
 * arbiter.router.models-file. A malformed file stops start-up with its name, the line and the problem.
 */
@ApplicationScoped
@Startup
public class ModelPool {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<String, ModelSpec> models;

    record File(@JsonProperty(value = "models", required = true) List<ModelSpec> models) {
    }

    @Inject
    public ModelPool(RouterConfig config) {
        this(load(config.modelsFile()));
    }

    public ModelPool(List<ModelSpec> specs) {
        Map<String, ModelSpec> m = new LinkedHashMap<>();
        specs.forEach(s -> m.put(s.name(), s));
        this.models = Map.copyOf(m);
        this.order = specs.stream().map(ModelSpec::name).toList();
    }

    private final List<String> order;

    /** The enabled models, in file order. */
    public List<ModelSpec> enabled() {
        return order.stream().map(models::get).filter(ModelSpec::isEnabled).toList();
    }

    public Optional<ModelSpec> find(String name) {
        return Optional.ofNullable(name == null ? null : models.get(name));
    }

    /** @throws UnknownModelException when a name is not an enabled model of the pool */
    public ModelSpec require(String name, String field) {
        ModelSpec spec = models.get(name);
        if (spec == null || !spec.isEnabled()) {
            throw new UnknownModelException(field, name, enabled().stream().map(ModelSpec::name).toList());
        }
        return spec;
    }

    /** The shipped pool (arbiter/models.yaml). */
    public static List<ModelSpec> defaults() {
        return load(Optional.empty());
    }

    /** A value refused by a record's constructor (a provider connection) says its own problem, not Jackson's wrapper. */
    private static String problem(JsonProcessingException e) {
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException bad) {
            return bad.getMessage();
        }
        return e.getOriginalMessage();
    }

    static List<ModelSpec> load(Optional<String> file) {
        String where = file.orElse("classpath:arbiter/models.yaml");
        File raw;
        try (InputStream in = file.isPresent() ? Files.newInputStream(Path.of(file.get()))
                : ModelPool.class.getResourceAsStream("/arbiter/models.yaml")) {
            raw = YAML.readValue(in, File.class);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new IllegalStateException(where + (loc != null ? ":" + loc.getLineNr() : "") + ": " + problem(e), e);
        } catch (IOException e) {
            throw new IllegalStateException(where + ": cannot read: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ModelSpec m : raw.models()) {
            if (m.name() == null || m.name().isBlank()) {
                problems.add("a model without a name");
            } else if (!names.add(m.name())) {
                problems.add("model " + m.name() + " is listed twice");
            }
            if (m.inputPer1m() < 0 || m.outputPer1m() < 0) {
                problems.add("model " + m.name() + ": prices must be 0 or more");
            }
        }
        if (raw.models().stream().noneMatch(ModelSpec::isEnabled)) {
            problems.add("no enabled model");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(where + ": " + String.join("; ", problems));
        }
        return List.copyOf(raw.models());
    }
}
