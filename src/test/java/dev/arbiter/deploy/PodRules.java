package dev.arbiter.deploy;

import dev.arbiter.deploy.Manifests.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Invariants of each pod the manifests make. Each rule returns its problems, naming document and field; none when it holds. */
final class PodRules {
    static final String NODE_LABEL = "arbiter.dev/verification";
    private static final Pattern EXPANSION = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private PodRules() {
    }

    /** Every container has an image and requests and limits for cpu and memory, the request within the limit. */
    static List<String> containersAreBounded(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            for (Container c : containers(w)) {
                String at = w.where() + " container " + c.getName();
                if (c.getImage() == null || c.getImage().isBlank()) {
                    problems.add(at + ": no image");
                }
                for (String resource : List.of("cpu", "memory")) {
                    Quantity request = c.getResources() == null ? null : c.getResources().getRequests().get(resource);
                    Quantity limit = c.getResources() == null ? null : c.getResources().getLimits().get(resource);
                    if (request == null || limit == null) {
                        problems.add(at + ": requests." + resource + " " + request + ", limits." + resource + " " + limit);
                    } else if (request.compareTo(limit) > 0) {
                        problems.add(at + ": requests." + resource + " " + request + " over limits." + resource + " " + limit);
                    }
                }
            }
        }
        return problems;
    }

    /**
     * A pod that touches the node (a hostPath volume, such as the Docker socket) or runs the Arbiter image (built on
     * the verification nodes only) selects the verification nodes and tolerates their taint.
     */
    static List<String> hostAccessStaysOnVerificationNodes(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            boolean hostPath = w.spec().getVolumes().stream().anyMatch(v -> v.getHostPath() != null);
            boolean arbiter = containers(w).stream().anyMatch(PodRules::runsArbiterImage);
            if (!hostPath && !arbiter) {
                continue;
            }
            if (!"true".equals(w.spec().getNodeSelector().get(NODE_LABEL))) {
                problems.add(w.where() + ": nodeSelector lacks " + NODE_LABEL + ": \"true\"");
            }
            if (w.spec().getTolerations().stream().noneMatch(PodRules::toleratesVerificationTaint)) {
                problems.add(w.where() + ": no toleration of the taint " + NODE_LABEL + "=true:NoSchedule");
            }
        }
        return problems;
    }

    private static boolean toleratesVerificationTaint(Toleration t) {
        boolean effect = t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals("NoSchedule");
        boolean value = "Exists".equals(t.getOperator()) || "true".equals(t.getValue());
        return NODE_LABEL.equals(t.getKey()) && effect && value;
    }

    /**
     * The kubelet sets NAME_PORT, NAME_SERVICE_HOST, ... for every Service of the namespace (service links); none of
     * them may be a variable application.properties reads (ARBITER_PORT, for a Service named arbiter), in a pod that
     * runs the Arbiter image, unless the pod turns service links off.
     */
    static List<String> serviceLinksLeaveTheConfigurationAlone(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            if (Boolean.FALSE.equals(w.spec().getEnableServiceLinks()) || containers(w).stream().noneMatch(PodRules::runsArbiterImage)) {
                continue;
            }
            for (Service s : m.all(Service.class)) {
                if (!w.namespace().equals(s.getMetadata().getNamespace()) || "None".equals(s.getSpec().getClusterIP())) {
                    continue;
                }
                serviceLinks(s).stream().filter(m.configEnv::contains).forEach(name -> problems.add(w.where()
                        + ": Service " + s.getMetadata().getName() + " makes the kubelet set " + name
                        + ", which application.properties reads; set enableServiceLinks: false"));
            }
        }
        return problems;
    }

    private static List<String> serviceLinks(Service s) {
        String prefix = s.getMetadata().getName().toUpperCase(Locale.ROOT).replace('-', '_');
        List<String> names = new ArrayList<>(List.of(prefix + "_SERVICE_HOST", prefix + "_SERVICE_PORT", prefix + "_PORT"));
        for (ServicePort p : s.getSpec().getPorts()) {
            String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
            String base = prefix + "_PORT_" + p.getPort() + "_" + proto;
            names.addAll(List.of(base, base + "_PROTO", base + "_PORT", base + "_ADDR"));
            if (p.getName() != null) {
                names.add(prefix + "_SERVICE_PORT_" + p.getName().toUpperCase(Locale.ROOT).replace('-', '_'));
            }
        }
        return names;
    }

    /**
     * The image's ENTRYPOINT is {@code java -jar <jar> serve}: a Deployment runs it as it is; a Job replaces the
     * command whole with the same {@code java -jar <jar>} and a command of its own (args alone would follow
     * {@code serve}); and every {@code $(VAR)} of a command names a variable the container declares (the kubelet
     * leaves any other as it is).
     */
    static List<String> commandsRunTheImagesJar(Manifests m) {
        List<String> problems = new ArrayList<>();
        List<String> java = m.entrypoint.subList(0, m.entrypoint.size() - 1);
        if (!"serve".equals(m.entrypoint.get(m.entrypoint.size() - 1))) {
            problems.add("Dockerfile.jvm: ENTRYPOINT " + m.entrypoint + " no longer ends in serve");
        }
        for (Workload w : m.workloads()) {
            for (Container c : containers(w)) {
                String at = w.where() + " container " + c.getName();
                boolean job = w.doc().resource() instanceof Job;
                if (runsArbiterImage(c) && w.doc().resource() instanceof Deployment && !(c.getCommand().isEmpty() && c.getArgs().isEmpty())) {
                    problems.add(at + ": sets command or args; the service is the image's ENTRYPOINT " + m.entrypoint);
                }
                if (runsArbiterImage(c) && job && (c.getCommand().size() <= java.size() || !c.getCommand().subList(0, java.size()).equals(java))) {
                    problems.add(at + ": command " + c.getCommand() + " does not start with the image's " + java
                            + (c.getCommand().isEmpty() && !c.getArgs().isEmpty() ? " (args alone follow its serve)" : ""));
                }
                Set<String> declared = new HashSet<>(c.getEnv().stream().map(EnvVar::getName).toList());
                Stream.concat(c.getCommand().stream(), c.getArgs().stream()).forEach(arg -> {
                    Matcher x = EXPANSION.matcher(arg);
                    while (x.find()) {
                        if (!declared.contains(x.group(1))) {
                            problems.add(at + ": $(" + x.group(1) + ") in '" + arg + "' names no variable of the container");
                        }
                    }
                });
            }
        }
        return problems;
    }

    /**
     * Every replica reads its API keys from a file (ARBITER_API_KEYS_FILE; without keys it would listen on loopback
     * only) that is a documented key of the Secret mounted at the file's directory.
     */
    static List<String> apiKeysFileComesFromItsSecret(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            if (!(w.doc().resource() instanceof Deployment)) {
                continue;
            }
            for (Container c : containers(w)) {
                String at = w.where() + " container " + c.getName();
                Optional<String> file = env(c, "ARBITER_API_KEYS_FILE");
                if (file.isEmpty()) {
                    problems.add(at + ": no ARBITER_API_KEYS_FILE");
                    continue;
                }
                Path path = Path.of(file.get());
                Optional<Volume> volume = c.getVolumeMounts().stream().filter(v -> Path.of(v.getMountPath()).equals(path.getParent()))
                        .flatMap(v -> w.spec().getVolumes().stream().filter(x -> x.getName().equals(v.getName()))).findFirst();
                String secret = volume.map(Volume::getSecret).map(s -> s.getSecretName()).orElse(null);
                Set<String> keys = secret == null ? Set.of() : m.userSecrets.getOrDefault(secret, Set.of());
                if (!keys.contains(path.getFileName().toString())) {
                    problems.add(at + ": ARBITER_API_KEYS_FILE " + path + " is not a documented key of a Secret mounted at "
                            + path.getParent() + " (mounted there: " + secret + ")");
                }
            }
        }
        return problems;
    }

    static List<Container> containers(Workload w) {
        return Stream.concat(w.spec().getInitContainers().stream(), w.spec().getContainers().stream()).toList();
    }

    static boolean runsArbiterImage(Container c) {
        return c.getImage() != null && c.getImage().startsWith("arbiter:");
    }

    static Optional<String> env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name) && e.getValue() != null).map(EnvVar::getValue).findFirst();
    }

    static Optional<EnvVar> envVar(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    static Map<String, String> labels(Workload w) {
        return w.podMeta() == null ? Map.of() : w.podMeta().getLabels();
    }
}
