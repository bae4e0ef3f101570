package dev.arbiter.deploy;

import dev.arbiter.deploy.Manifests.Workload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the pods name (Secrets, ConfigMaps, claims, volumes) exists, in the manifests or among the user's Secrets. */
final class ReferenceRules {
    private ReferenceRules() {
    }

    /**
     * Every Secret, ConfigMap and PersistentVolumeClaim a pod names (env valueFrom, envFrom, volumes) is defined in the
     * manifests or is a Secret the README tells the user to create, with the key used; every volume mount names a
     * volume; every Secret the README lists is used.
     */
    static List<String> referencesResolve(Manifests m) {
        List<String> problems = new ArrayList<>();
        Set<String> usedUserSecrets = new HashSet<>();
        for (Workload w : m.workloads()) {
            Set<String> volumes = new HashSet<>(w.spec().getVolumes().stream().map(Volume::getName).toList());
            if (w.doc().resource() instanceof StatefulSet s) {
                s.getSpec().getVolumeClaimTemplates().forEach(t -> volumes.add(t.getMetadata().getName()));
            }
            Refs refs = new Refs(m, w, problems, usedUserSecrets);
            for (Container c : PodRules.containers(w)) {
                for (VolumeMount mount : c.getVolumeMounts()) {
                    if (!volumes.contains(mount.getName())) {
                        problems.add(w.where() + " container " + c.getName() + ": mounts volume " + mount.getName() + ", which the pod does not have");
                    }
                }
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        refs.secret(e.getValueFrom().getSecretKeyRef().getName(), List.of(e.getValueFrom().getSecretKeyRef().getKey()));
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                        refs.configMap(e.getValueFrom().getConfigMapKeyRef().getName(), List.of(e.getValueFrom().getConfigMapKeyRef().getKey()));
                    }
                }
                for (EnvFromSource from : c.getEnvFrom()) {
                    if (from.getSecretRef() != null) {
                        refs.secret(from.getSecretRef().getName(), List.of());
                    }
                    if (from.getConfigMapRef() != null) {
                        refs.configMap(from.getConfigMapRef().getName(), List.of());
                    }
                }
            }
            for (Volume v : w.spec().getVolumes()) {
                if (v.getSecret() != null) {
                    refs.secret(v.getSecret().getSecretName(), v.getSecret().getItems().stream().map(KeyToPath::getKey).toList());
                }
                if (v.getConfigMap() != null) {
                    refs.configMap(v.getConfigMap().getName(), v.getConfigMap().getItems().stream().map(KeyToPath::getKey).toList());
                }
                if (v.getPersistentVolumeClaim() != null) {
                    refs.claim(v.getPersistentVolumeClaim().getClaimName());
                }
                if (v.getProjected() != null) {
                    for (VolumeProjection p : v.getProjected().getSources()) {
                        if (p.getSecret() != null) {
                            refs.secret(p.getSecret().getName(), p.getSecret().getItems().stream().map(KeyToPath::getKey).toList());
                        }
                        if (p.getConfigMap() != null) {
                            refs.configMap(p.getConfigMap().getName(), p.getConfigMap().getItems().stream().map(KeyToPath::getKey).toList());
                        }
                    }
                }
            }
        }
        m.userSecrets.keySet().stream().filter(s -> !usedUserSecrets.contains(s))
                .forEach(s -> problems.add("k8s/README.md lists Secret " + s + ", which no manifest uses"));
        return problems;
    }

    /** What one pod refers to, resolved against the manifests of its namespace and the README's Secrets. */
    private record Refs(Manifests m, Workload w, List<String> problems, Set<String> usedUserSecrets) {
        void secret(String name, List<String> wanted) {
            Optional<Secret> defined = defined(Secret.class, name);
            Set<String> have;
            if (defined.isPresent()) {
                have = new HashSet<>(defined.get().getData().keySet());
                have.addAll(defined.get().getStringData().keySet());
            } else if (m.userSecrets.containsKey(name)) {
                usedUserSecrets.add(name);
                have = m.userSecrets.get(name);
            } else {
                problems.add(w.where() + ": Secret " + name + " is neither in the manifests nor among the README's Secrets to create");
                return;
            }
            wanted.stream().filter(k -> !have.contains(k))
                    .forEach(k -> problems.add(w.where() + ": Secret " + name + " has no key " + k + " (it has " + have + ")"));
        }

        void configMap(String name, List<String> wanted) {
            Optional<ConfigMap> defined = defined(ConfigMap.class, name);
            if (defined.isEmpty()) {
                problems.add(w.where() + ": ConfigMap " + name + " is not in the manifests");
                return;
            }
            wanted.stream().filter(k -> !defined.get().getData().containsKey(k))
                    .forEach(k -> problems.add(w.where() + ": ConfigMap " + name + " has no key " + k));
        }

        void claim(String name) {
            if (defined(PersistentVolumeClaim.class, name).isEmpty()) {
                problems.add(w.where() + ": PersistentVolumeClaim " + name + " is not in the manifests");
            }
        }

        private <T extends HasMetadata> Optional<T> defined(Class<T> type, String name) {
            return m.all(type).stream().filter(r -> r.getMetadata().getName().equals(name)
                    && w.namespace().equals(r.getMetadata().getNamespace())).findFirst();
        }
    }

}
