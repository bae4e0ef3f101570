package dev.arbiter.deploy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a deployment on Kubernetes is made of: every document of {@code k8s/*.yaml}, parsed strictly into the fabric8
 * Kubernetes model, with the facts the manifests must agree with: the Secrets the user creates (the table in
 * {@code k8s/README.md}), the image's entrypoint ({@code Dockerfile.jvm}) and the environment variables the service
 * reads ({@code application.properties}). Mutable, so that a test can break one thing and see a rule catch it.
 */
final class Manifests {
    static final Path DIR = Path.of("k8s");
    private static final Path README = DIR.resolve("README.md");
    private static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final String SECRETS_HEADING = "## Secrets you create";
    private static final ObjectMapper STRICT = strictMapper();

    /** One document: its file, its position there (from 0) and what it parsed into. */
    record Doc(String file, int index, HasMetadata resource) {
        String where() {
            return file + "#" + index + " " + resource.getKind() + " " + resource.getMetadata().getName();
        }
    }

    /** A pod template (or a bare Pod) and the document it belongs to. */
    record Workload(Doc doc, ObjectMeta podMeta, PodSpec spec) {
        String where() {
            return doc.where();
        }

        String namespace() {
            return doc.resource().getMetadata().getNamespace();
        }
    }

    final List<Doc> docs;
    /** Secret name to the keys the README tells the user to put in it. */
    final Map<String, Set<String>> userSecrets;
    final List<String> entrypoint;
    /** Environment variables named in application.properties placeholders ({@code ${NAME:...}}). */
    final Set<String> configEnv;

    private Manifests(List<Doc> docs, Map<String, Set<String>> userSecrets, List<String> entrypoint, Set<String> configEnv) {
        this.docs = docs;
        this.userSecrets = userSecrets;
        this.entrypoint = entrypoint;
        this.configEnv = configEnv;
    }

    static Manifests load() {
        List<Doc> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                List<HasMetadata> parsed = parse(Files.readString(file), file.toString());
                for (int i = 0; i < parsed.size(); i++) {
                    docs.add(new Doc(file.getFileName().toString(), i, parsed.get(i)));
                }
            }
            return new Manifests(docs, userSecrets(Files.readString(README)), entrypoint(Files.readString(DOCKERFILE)),
                    configEnv(Files.readString(PROPERTIES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every document of a YAML stream as a fabric8 model object, or an exception naming the document and the field:
     * an unknown field (the model would keep it in {@code additionalProperties}; here it fails), a duplicate key, a
     * number or boolean where the API wants a string (or the reverse), a kind the model does not know.
     */
    static List<HasMetadata> parse(String yaml, String source) throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        try (var it = STRICT.readerFor(HasMetadata.class).<HasMetadata>readValues(yaml)) {
            while (it.hasNext()) {
                HasMetadata resource;
                try {
                    resource = it.next();
                } catch (RuntimeException e) {
                    throw new IOException(source + "#" + out.size() + ": " + e.getMessage(), e);
                }
                if (resource instanceof GenericKubernetesResource generic) {
                    throw new IOException(source + "#" + out.size() + ": " + generic.getApiVersion() + " "
                            + generic.getKind() + " is not a kind of the fabric8 model");
                }
                out.add(resource);
            }
        }
        return out;
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .registerModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
                    // fabric8's classes put unknown fields into additionalProperties through an any-setter: without
                    // it, Jackson fails on them and names the field and its path. An unknown kind keeps its own, to be
                    // named as such below.
                    @Override
                    public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean,
                            BeanDeserializerBuilder builder) {
                        if (bean.getBeanClass() != GenericKubernetesResource.class) {
                            builder.setAnySetter(null);
                        }
                        return builder;
                    }
                }));
        // The API server takes no 8 for a string (an env value, a label) and no "8" for an integer.
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return mapper;
    }

    /** The table under "## Secrets you create": a row per Secret, its name and its keys in backquotes. */
    static Map<String, Set<String>> userSecrets(String readme) {
        int start = readme.indexOf(SECRETS_HEADING);
        if (start < 0) {
            throw new IllegalStateException(README + " has no section '" + SECRETS_HEADING + "'");
        }
        int end = readme.indexOf("\n## ", start + 1);
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        Pattern quoted = Pattern.compile("`([^`]+)`");
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length < 3 || !cells[1].trim().startsWith("`")) {
                continue;
            }
            Set<String> keys = new LinkedHashSet<>();
            Matcher m = quoted.matcher(cells[2]);
            while (m.find()) {
                keys.add(m.group(1));
            }
            secrets.put(cells[1].trim().replace("`", ""), keys);
        }
        return secrets;
    }

    static List<String> entrypoint(String dockerfile) throws IOException {
        Optional<String> line = dockerfile.lines().filter(l -> l.startsWith("ENTRYPOINT ")).reduce((a, b) -> b);
        if (line.isEmpty()) {
            throw new IllegalStateException(DOCKERFILE + " has no ENTRYPOINT");
        }
        return List.of(new ObjectMapper().readValue(line.get().substring("ENTRYPOINT ".length()), String[].class));
    }

    static Set<String> configEnv(String properties) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(properties);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return docs.stream().map(Doc::resource).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName() + " " + name + " in " + DIR));
    }

    List<Doc> in(String file) {
        return docs.stream().filter(d -> d.file().equals(file)).toList();
    }

    Doc docOf(HasMetadata resource) {
        return docs.stream().filter(d -> d.resource() == resource).findFirst().orElseThrow();
    }

    /** Every pod that the manifests make: Deployment, StatefulSet and Job templates, and bare Pods. */
    List<Workload> workloads() {
        List<Workload> out = new ArrayList<>();
        for (Doc doc : docs) {
            if (doc.resource() instanceof Deployment d) {
                out.add(new Workload(doc, d.getSpec().getTemplate().getMetadata(), d.getSpec().getTemplate().getSpec()));
            } else if (doc.resource() instanceof StatefulSet s) {
                out.add(new Workload(doc, s.getSpec().getTemplate().getMetadata(), s.getSpec().getTemplate().getSpec()));
            } else if (doc.resource() instanceof Job j) {
                out.add(new Workload(doc, j.getSpec().getTemplate().getMetadata(), j.getSpec().getTemplate().getSpec()));
            } else if (doc.resource() instanceof Pod p) {
                out.add(new Workload(doc, p.getMetadata(), p.getSpec()));
            }
        }
        return out;
    }
}
