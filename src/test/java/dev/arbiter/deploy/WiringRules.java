package dev.arbiter.deploy;

import static dev.arbiter.deploy.PodRules.containers;
import static dev.arbiter.deploy.PodRules.env;
import static dev.arbiter.deploy.PodRules.envVar;
import static dev.arbiter.deploy.PodRules.labels;

import dev.arbiter.deploy.Manifests.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Invariants of how the objects reach one another: selectors, ports, probes, disruption, the database. */
final class WiringRules {
    static final String READY = "/q/health/ready";
    static final String LIVE = "/q/health/live";
    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([a-z0-9.-]+):(\\d+)/([A-Za-z0-9_]+)");

    private WiringRules() {
    }

    /** Every namespaced object names a namespace that the manifests create (nothing lands in default). */
    static List<String> namespacesAreCreated(Manifests m) {
        Set<String> created = new HashSet<>(m.all(Namespace.class).stream().map(n -> n.getMetadata().getName()).toList());
        return m.docs.stream().filter(d -> !(d.resource() instanceof Namespace))
                .filter(d -> !created.contains(d.resource().getMetadata().getNamespace()))
                .map(d -> d.where() + ": namespace " + d.resource().getMetadata().getNamespace() + " is not one of " + created).toList();
    }

    /**
     * Deployment and StatefulSet selectors match their own template; every Service and PodDisruptionBudget selects the
     * pods of exactly one Deployment or StatefulSet (no Job or bare Pod besides) and a Service's target ports are
     * ports of those pods; a StatefulSet's serviceName is a headless Service that selects it.
     */
    static List<String> selectorsMatchTemplates(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            LabelSelector selector = w.doc().resource() instanceof Deployment d ? d.getSpec().getSelector()
                    : w.doc().resource() instanceof StatefulSet s ? s.getSpec().getSelector() : null;
            if (selector != null && !selects(w, selector.getMatchLabels(), selector.getMatchExpressions().isEmpty())) {
                problems.add(w.where() + ": selector " + selector.getMatchLabels() + " does not match its template's labels " + labels(w));
            }
        }
        for (Service s : m.all(Service.class)) {
            String at = m.docOf(s).where();
            Optional<Workload> target = onlyTarget(m, s, s.getSpec().getSelector(), true, problems);
            for (ServicePort p : s.getSpec().getPorts()) {
                if (target.isPresent() && port(target.get(), p.getTargetPort() == null ? new IntOrString(p.getPort()) : p.getTargetPort()).isEmpty()) {
                    problems.add(at + ": targetPort " + show(p.getTargetPort()) + " is no container port of " + target.get().where());
                }
            }
        }
        for (PodDisruptionBudget b : m.all(PodDisruptionBudget.class)) {
            onlyTarget(m, b, b.getSpec().getSelector().getMatchLabels(), b.getSpec().getSelector().getMatchExpressions().isEmpty(), problems);
        }
        for (StatefulSet s : m.all(StatefulSet.class)) {
            Optional<Service> governing = m.all(Service.class).stream().filter(x -> x.getMetadata().getName().equals(s.getSpec().getServiceName())).findFirst();
            if (governing.isEmpty() || !"None".equals(governing.get().getSpec().getClusterIP())
                    || !Objects.equals(onlyTarget(m, governing.get(), governing.get().getSpec().getSelector(), true, new ArrayList<>())
                            .map(w -> w.doc().resource()), Optional.of(s))) {
                problems.add(m.docOf(s).where() + ": serviceName " + s.getSpec().getServiceName() + " is not a headless Service that selects it");
            }
        }
        return problems;
    }

    private static Optional<Workload> onlyTarget(Manifests m, HasMetadata by, Map<String, String> selector, boolean labelsOnly, List<String> problems) {
        List<Workload> selected = m.workloads().stream()
                .filter(w -> w.namespace().equals(by.getMetadata().getNamespace()) && selects(w, selector, labelsOnly)).toList();
        boolean controller = selected.size() == 1 && (selected.get(0).doc().resource() instanceof Deployment
                || selected.get(0).doc().resource() instanceof StatefulSet);
        if (!controller) {
            problems.add(m.docOf(by).where() + ": selector " + selector + " selects " + selected.stream().map(Workload::where).toList()
                    + ", not one Deployment or StatefulSet");
            return Optional.empty();
        }
        return Optional.of(selected.get(0));
    }

    /** Label equality only: a selector with matchExpressions (labelsOnly false) is not understood here, so it fails. */
    private static boolean selects(Workload w, Map<String, String> matchLabels, boolean labelsOnly) {
        return labelsOnly && matchLabels != null && !matchLabels.isEmpty() && labels(w).entrySet().containsAll(matchLabels.entrySet());
    }

    /**
     * Each Deployment's containers are probed for readiness on /q/health/ready and for liveness (and start-up, if any)
     * on /q/health/live, over HTTP on a container port that a Service targets.
     */
    static List<String> probesReachTheHealthEndpointsTheServiceTargets(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            if (!(w.doc().resource() instanceof Deployment)) {
                continue;
            }
            List<Integer> targeted = new ArrayList<>();
            for (Service s : m.all(Service.class)) {
                if (w.namespace().equals(s.getMetadata().getNamespace()) && selects(w, s.getSpec().getSelector(), true)) {
                    s.getSpec().getPorts().forEach(p -> port(w, p.getTargetPort()).ifPresent(targeted::add));
                }
            }
            for (Container c : containers(w)) {
                probe(w, c, "readinessProbe", c.getReadinessProbe(), READY, targeted, false, problems);
                probe(w, c, "livenessProbe", c.getLivenessProbe(), LIVE, targeted, false, problems);
                probe(w, c, "startupProbe", c.getStartupProbe(), LIVE, targeted, true, problems);
            }
        }
        return problems;
    }

    private static void probe(Workload w, Container c, String name, Probe probe, String path, List<Integer> targeted,
            boolean optional, List<String> problems) {
        String at = w.where() + " container " + c.getName() + " " + name;
        if (probe == null || probe.getHttpGet() == null) {
            if (!optional || probe != null) {
                problems.add(at + ": no httpGet probe");
            }
            return;
        }
        if (!path.equals(probe.getHttpGet().getPath())) {
            problems.add(at + ": path " + probe.getHttpGet().getPath() + ", not " + path);
        }
        Optional<Integer> port = port(w, probe.getHttpGet().getPort());
        if (port.isEmpty() || !targeted.contains(port.get())) {
            problems.add(at + ": port " + show(probe.getHttpGet().getPort()) + " is not a port a Service targets " + targeted);
        }
    }

    /** A port by number or by container port name, as a number, if some container of the pod has it. */
    static Optional<Integer> port(Workload w, IntOrString port) {
        if (port == null) {
            return Optional.empty();
        }
        return containers(w).stream().flatMap(c -> c.getPorts().stream())
                .filter(p -> port.getIntVal() != null ? p.getContainerPort().equals(port.getIntVal()) : port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst();
    }

    static String show(IntOrString value) {
        return value == null ? "null" : value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
    }

    /**
     * Each Deployment runs at least two replicas, and one PodDisruptionBudget keeps at least one of them while still
     * letting a drain take one (minAvailable or maxUnavailable between 1 and replicas - 1, as integers).
     */
    static List<String> replicasSurviveADisruption(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.all(Deployment.class)) {
            String at = m.docOf(d).where();
            int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            if (replicas < 2) {
                problems.add(at + ": replicas " + replicas + " < 2");
            }
            Workload w = m.workloads().stream().filter(x -> x.doc().resource() == d).findFirst().orElseThrow();
            List<PodDisruptionBudget> budgets = m.all(PodDisruptionBudget.class).stream()
                    .filter(b -> selects(w, b.getSpec().getSelector().getMatchLabels(), true)).toList();
            if (budgets.size() != 1) {
                problems.add(at + ": " + budgets.size() + " PodDisruptionBudgets select it, not 1");
                continue;
            }
            IntOrString min = budgets.get(0).getSpec().getMinAvailable();
            IntOrString max = budgets.get(0).getSpec().getMaxUnavailable();
            IntOrString bound = min != null ? min : max;
            if (bound == null || bound.getIntVal() == null || bound.getIntVal() < 1 || bound.getIntVal() > replicas - 1) {
                problems.add(m.docOf(budgets.get(0)).where() + ": " + (min != null ? "minAvailable " : "maxUnavailable ") + show(bound)
                        + " is not an integer from 1 to replicas - 1 = " + (replicas - 1));
            }
        }
        return problems;
    }

    /**
     * The replicas' ARBITER_DB_URL is jdbc:postgresql at a Service of postgres.yaml, on one of its ports, for the
     * database the StatefulSet creates, and their user and password come from the same Secret keys as its own.
     */
    static List<String> databaseUrlNamesThePostgresService(Manifests m) {
        List<String> problems = new ArrayList<>();
        List<Service> services = m.in("postgres.yaml").stream().map(Manifests.Doc::resource).filter(Service.class::isInstance).map(Service.class::cast).toList();
        StatefulSet postgres = m.in("postgres.yaml").stream().map(Manifests.Doc::resource).filter(StatefulSet.class::isInstance)
                .map(StatefulSet.class::cast).findFirst().orElse(null);
        if (postgres == null) {
            return List.of("postgres.yaml: no StatefulSet");
        }
        Container db = postgres.getSpec().getTemplate().getSpec().getContainers().get(0);
        for (Workload w : m.workloads()) {
            if (!(w.doc().resource() instanceof Deployment)) {
                continue;
            }
            for (Container c : containers(w)) {
                String at = w.where() + " container " + c.getName();
                String url = env(c, "ARBITER_DB_URL").orElse("");
                Matcher jdbc = JDBC.matcher(url);
                if (!jdbc.matches()) {
                    problems.add(at + ": ARBITER_DB_URL '" + url + "' is not jdbc:postgresql://HOST:PORT/DATABASE");
                    continue;
                }
                String[] host = jdbc.group(1).split("\\.", 2);
                String namespace = postgres.getMetadata().getNamespace();
                boolean inNamespace = host.length == 1 || List.of(namespace, namespace + ".svc", namespace + ".svc.cluster.local").contains(host[1]);
                boolean served = services.stream().anyMatch(s -> s.getMetadata().getName().equals(host[0])
                        && s.getSpec().getPorts().stream().anyMatch(p -> p.getPort().equals(Integer.valueOf(jdbc.group(2))))
                        && templateLabels(postgres).entrySet().containsAll(s.getSpec().getSelector().entrySet()));
                if (!inNamespace || !served) {
                    problems.add(at + ": ARBITER_DB_URL " + url + " is not a port of a Service of postgres.yaml that selects " + postgres.getMetadata().getName());
                }
                if (!jdbc.group(3).equals(env(db, "POSTGRES_DB").orElse(null))) {
                    problems.add(at + ": database " + jdbc.group(3) + ", but PostgreSQL creates " + env(db, "POSTGRES_DB").orElse(null));
                }
                sameSecretKey(at, c, "ARBITER_DB_USER", db, "POSTGRES_USER", problems);
                sameSecretKey(at, c, "ARBITER_DB_PASSWORD", db, "POSTGRES_PASSWORD", problems);
            }
        }
        return problems;
    }

    private static Map<String, String> templateLabels(StatefulSet s) {
        return s.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static void sameSecretKey(String at, Container c, String name, Container db, String dbName, List<String> problems) {
        Optional<SecretKeySelector> ours = envVar(c, name).map(EnvVar::getValueFrom).map(EnvVarSource::getSecretKeyRef);
        Optional<SecretKeySelector> theirs = envVar(db, dbName).map(EnvVar::getValueFrom).map(EnvVarSource::getSecretKeyRef);
        if (ours.isEmpty() || !ours.equals(theirs)) {
            problems.add(at + ": " + name + " is not from the Secret key of PostgreSQL's " + dbName + " (" + ours + " vs " + theirs + ")");
        }
    }
}
