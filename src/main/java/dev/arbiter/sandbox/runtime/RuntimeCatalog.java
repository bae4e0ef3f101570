package dev.arbiter.sandbox.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arbiter.sandbox.SandboxConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The runtimes described under sandbox-images/, read once at start-up. A malformed runtime.yaml stops start-up with
 * a message naming the file, the line and the problem.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class RuntimeCatalog {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, Runtime> byLanguage = new TreeMap<>();
    private final Map<String, Runtime> byName = new TreeMap<>();

    @Inject
    public RuntimeCatalog(SandboxConfig config) {
        this(Path.of(config.imagesDir()));
    }

    public RuntimeCatalog(Path imagesDir) {
        if (!Files.isDirectory(imagesDir)) {
            throw new IllegalStateException("sandbox images folder not found: " + imagesDir.toAbsolutePath()
                    + " (set arbiter.sandbox.images-dir or run from the project root)");
        }
        try (Stream<Path> dirs = Files.list(imagesDir)) {
            for (Path dir : dirs.sorted().toList()) {
                Path manifest = dir.resolve("runtime.yaml");
                if (Files.isRegularFile(manifest)) {
                    Runtime runtime = load(imagesDir, dir.getFileName().toString(), manifest);
                    byLanguage.put(runtime.language(), runtime);
                    byName.put(runtime.language(), runtime);
                    runtime.aliases().forEach(alias -> byName.put(alias.toLowerCase(Locale.ROOT), runtime));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + imagesDir.toAbsolutePath(), e);
        }
        if (byLanguage.isEmpty()) {
            throw new IllegalStateException("no runtime.yaml under " + imagesDir.toAbsolutePath());
        }
    }

    private static Runtime load(Path imagesDir, String folder, Path file) {
        RuntimeManifest m;
        try {
            m = YAML.readValue(file.toFile(), RuntimeManifest.class);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new IllegalStateException(file + (loc != null ? ":" + loc.getLineNr() : "") + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot read: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>(m.limits().problems());
        if (m.run().isEmpty()) problems.add("run must name a command");
        if (!m.sourceFile().matches("[A-Za-z0-9_.-]+")) problems.add("source-file must be a plain file name");
        if (m.standalone() != null && !m.standalone().sourceFile().matches("[A-Za-z0-9_.-]+")) {
            problems.add("standalone.source-file must be a plain file name");
        }
        if (m.shardContainer() != null) problems.addAll(m.shardContainer().problems());
        if (!Files.isRegularFile(file.resolveSibling("Dockerfile"))) problems.add("no Dockerfile beside it");
        if (!problems.isEmpty()) {
            throw new IllegalStateException(file + ": " + String.join("; ", problems));
        }
        return new Runtime(m.language().toLowerCase(Locale.ROOT),
                m.aliases() == null ? List.of() : List.copyOf(m.aliases()), folder,
                ImageTags.forRuntime(imagesDir, folder), m.sourceFile(),
                m.testFile() == null || m.testFile().isBlank() ? null : m.testFile(),
                m.compile() == null ? List.of() : List.copyOf(m.compile()), List.copyOf(m.run()),
                m.agent() == null ? List.of() : List.copyOf(m.agent()),
                m.shardRunner() == null ? List.of() : List.copyOf(m.shardRunner()),
                m.shardContainer() == null ? ShardContainer.DEFAULT : m.shardContainer(), m.standalone(), m.limits());
    }

    /** The runtime for a language name or alias, case-insensitive. */
    public Optional<Runtime> find(String language) {
        return language == null ? Optional.empty() : Optional.ofNullable(byName.get(language.toLowerCase(Locale.ROOT)));
    }

    /** Whether this is one of the catalog's runtimes as its runtime.yaml describes it (not with a task's own limits). */
    public boolean isCatalogs(Runtime runtime) {
        return runtime.equals(byLanguage.get(runtime.language()));
    }

    public Collection<Runtime> all() {
        return byLanguage.values();
    }

    /** Language names accepted by the service, in order. */
    public List<String> languages() {
        return List.copyOf(byLanguage.keySet());
    }
}
