package dev.arbiter.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The manifests under k8s/ parse strictly into the fabric8 Kubernetes model and hold the invariants of a deployment
 * that works: each invariant is checked on the real files and shown to fail on a copy broken in one place. No cluster
 * is involved: this is not the API server's admission or schema validation.
 */
class K8sManifestTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: arbiter}
            spec:
              containers:
                - name: c
                  image: arbiter:0.1.0
            """;

    @Test
    void everyDocumentOfEveryFileParsesStrictlyIntoTheModel() {
        Manifests m = Manifests.load();
        assertEquals(List.of("arbiter.yaml#0 Namespace arbiter", "arbiter.yaml#1 Deployment arbiter", "arbiter.yaml#2 Service arbiter",
                "arbiter.yaml#3 PodDisruptionBudget arbiter", "batch-files.yaml#0 PersistentVolumeClaim arbiter-batch",
                "batch-files.yaml#1 Pod arbiter-batch-files", "postgres.yaml#0 Service arbiter-postgres",
                "postgres.yaml#1 StatefulSet arbiter-postgres", "score-job.yaml#0 Job arbiter-score",
                "score-merge.yaml#0 Job arbiter-score-merge"), m.docs.stream().map(Manifests.Doc::where).toList());
    }

    @Test
    void aMisspeltFieldFailsTheParseInsteadOfLandingInAdditionalProperties() {
        assertParseFails(POD + "      imagePullPolcy: Never\n", "imagePullPolcy");
        assertParseFails(POD + "      readinessProbe: {httpGet: {pth: /q/health/ready, port: 8080}}\n", "pth");
        assertParseFails(POD.replace("spec:", "spek:"), "spek");
    }

    @Test
    void aNumberOrBooleanWhereTheApiWantsAStringFailsTheParse() {
        assertParseFails(POD + "      env: [{name: ARBITER_SANDBOX_MAX_CONCURRENT, value: 8}]\n", "EnvVar[\"value\"]");
        assertParseFails(POD + "  nodeSelector: {arbiter.dev/verification: true}\n", "nodeSelector");
    }

    @Test
    void aDuplicateKeyOrAnUnknownKindFailsTheParse() {
        assertParseFails(POD + "      env: []\n      env: []\n", "Duplicate field 'env'");
        assertParseFails("apiVersion: example.com/v1\nkind: Frobnicator\nmetadata: {name: f}\nspec: {}\n", "not a kind of the fabric8 model");
    }

    @Test
    void everyContainerHasAnImageAndRequestsAndLimitsForCpuAndMemory() {
        holdsAndCatches(PodRules::containersAreBounded, m -> container(m, "arbiter-postgres").getResources().getLimits().remove("cpu"), "limits.cpu null");
        holdsAndCatches(PodRules::containersAreBounded, m -> container(m, "arbiter-score").setImage(null), "no image");
        holdsAndCatches(PodRules::containersAreBounded,
                m -> container(m, "arbiter").getResources().getRequests().put("memory", new Quantity("4Gi")), "over limits.memory");
    }

    @Test
    void everySecretConfigMapAndClaimReferencedIsDefinedOrDocumentedForTheUserToCreate() {
        holdsAndCatches(ReferenceRules::referencesResolve, m -> env(container(m, "arbiter"), "ARBITER_DB_PASSWORD").getValueFrom().getSecretKeyRef().setName("arbiter-database"),
                "Secret arbiter-database is neither in the manifests nor among the README's");
        holdsAndCatches(ReferenceRules::referencesResolve, m -> env(container(m, "arbiter-postgres"), "POSTGRES_USER").getValueFrom().getSecretKeyRef().setKey("user"),
                "has no key user");
        holdsAndCatches(ReferenceRules::referencesResolve, m -> m.one(Job.class, "arbiter-score-merge").getSpec().getTemplate().getSpec().getVolumes().get(0)
                .getPersistentVolumeClaim().setClaimName("batch"), "PersistentVolumeClaim batch is not in the manifests");
        holdsAndCatches(ReferenceRules::referencesResolve, m -> m.userSecrets.put("arbiter-tls", Set.of("tls.crt")), "lists Secret arbiter-tls, which no manifest uses");
        holdsAndCatches(ReferenceRules::referencesResolve, m -> container(m, "arbiter").getVolumeMounts().get(0).setName("socket"), "mounts volume socket");
    }

    @Test
    void podsThatTouchTheNodeOrRunTheArbiterImageStayOnVerificationNodes() {
        holdsAndCatches(PodRules::hostAccessStaysOnVerificationNodes, m -> template(m.one(Job.class, "arbiter-score")).getNodeSelector().clear(),
                "nodeSelector lacks arbiter.dev/verification");
        holdsAndCatches(PodRules::hostAccessStaysOnVerificationNodes, m -> m.one(Deployment.class, "arbiter").getSpec().getTemplate().getSpec().getTolerations().clear(),
                "no toleration");
    }

    @Test
    void serviceLinksCannotSetTheVariablesTheServiceReads() {
        holdsAndCatches(PodRules::serviceLinksLeaveTheConfigurationAlone,
                m -> m.one(Deployment.class, "arbiter").getSpec().getTemplate().getSpec().setEnableServiceLinks(null), "set ARBITER_PORT");
    }

    @Test
    void jobsReplaceTheImagesServeCommandWithTheSameJar() {
        holdsAndCatches(PodRules::commandsRunTheImagesJar, m -> {
            Container score = container(m, "arbiter-score");
            score.setArgs(new ArrayList<>(score.getCommand().subList(4, score.getCommand().size())));
            score.setCommand(List.of());
        }, "args alone follow its serve");
        holdsAndCatches(PodRules::commandsRunTheImagesJar, m -> container(m, "arbiter-score-merge").getCommand().set(2, "/deployments/quarkus-run.jar"),
                "does not start with the image's [java, -jar, /opt/arbiter/app/quarkus-run.jar]");
        holdsAndCatches(PodRules::commandsRunTheImagesJar, m -> container(m, "arbiter-score").getEnv().remove(0), "$(JOB_COMPLETION_INDEX)");
        holdsAndCatches(PodRules::commandsRunTheImagesJar, m -> container(m, "arbiter").setArgs(List.of("score")), "sets command or args");
    }

    @Test
    void replicasReadTheirApiKeysFromTheMountedSecret() {
        holdsAndCatches(PodRules::apiKeysFileComesFromItsSecret, m -> env(container(m, "arbiter"), "ARBITER_API_KEYS_FILE").setValue("/etc/arbiter/keys.txt"),
                "ARBITER_API_KEYS_FILE /etc/arbiter/keys.txt is not a documented key");
        holdsAndCatches(PodRules::apiKeysFileComesFromItsSecret, m -> container(m, "arbiter").getEnv().removeIf(e -> e.getName().equals("ARBITER_API_KEYS_FILE")),
                "no ARBITER_API_KEYS_FILE");
    }

    @Test
    void everyObjectIsInANamespaceTheManifestsCreate() {
        holdsAndCatches(WiringRules::namespacesAreCreated, m -> m.one(StatefulSet.class, "arbiter-postgres").getMetadata().setNamespace(null), "namespace null");
    }

    @Test
    void selectorsMatchTheTemplatesAndEachServiceAndBudgetSelectsOneWorkload() {
        holdsAndCatches(WiringRules::selectorsMatchTemplates,
                m -> m.one(Deployment.class, "arbiter").getSpec().getTemplate().getMetadata().getLabels().put("app.kubernetes.io/component", "api"),
                "does not match its template's labels");
        holdsAndCatches(WiringRules::selectorsMatchTemplates, m -> service(m, "arbiter").getSpec().getSelector().remove("app.kubernetes.io/component"),
                "not one Deployment or StatefulSet");
        holdsAndCatches(WiringRules::selectorsMatchTemplates,
                m -> m.one(PodDisruptionBudget.class, "arbiter").getSpec().getSelector().getMatchLabels().put("app.kubernetes.io/component", "batch"),
                "selects [score-job.yaml#0 Job arbiter-score]");
        holdsAndCatches(WiringRules::selectorsMatchTemplates, m -> service(m, "arbiter-postgres").getSpec().setClusterIP(null), "not a headless Service");
        holdsAndCatches(WiringRules::selectorsMatchTemplates, m -> service(m, "arbiter-postgres").getSpec().getPorts().get(0).setTargetPort(new IntOrString("pg")),
                "targetPort");
    }

    @Test
    void probesHitTheHealthEndpointsOnThePortTheServiceTargets() {
        holdsAndCatches(WiringRules::probesReachTheHealthEndpointsTheServiceTargets, m -> container(m, "arbiter").getReadinessProbe().getHttpGet().setPath("/q/health"),
                "path /q/health, not /q/health/ready");
        holdsAndCatches(WiringRules::probesReachTheHealthEndpointsTheServiceTargets, m -> container(m, "arbiter").getLivenessProbe().getHttpGet().setPath(WiringRules.READY),
                "not /q/health/live");
        holdsAndCatches(WiringRules::probesReachTheHealthEndpointsTheServiceTargets,
                m -> service(m, "arbiter").getSpec().getPorts().get(0).setTargetPort(new IntOrString(9000)), "is not a port a Service targets");
        holdsAndCatches(WiringRules::probesReachTheHealthEndpointsTheServiceTargets, m -> container(m, "arbiter").setReadinessProbe(null), "no httpGet probe");
    }

    @Test
    void atLeastTwoReplicasAndABudgetThatKeepsOneAndLetsADrainTakeOne() {
        holdsAndCatches(WiringRules::replicasSurviveADisruption, m -> m.one(Deployment.class, "arbiter").getSpec().setReplicas(1), "replicas 1 < 2");
        holdsAndCatches(WiringRules::replicasSurviveADisruption, m -> m.one(PodDisruptionBudget.class, "arbiter").getSpec().setMinAvailable(new IntOrString(2)),
                "minAvailable 2 is not an integer from 1");
        holdsAndCatches(WiringRules::replicasSurviveADisruption, m -> m.one(PodDisruptionBudget.class, "arbiter").getSpec().setMinAvailable(new IntOrString(0)),
                "minAvailable 0");
    }

    @Test
    void theDatabaseUrlIsThePostgresServiceAndItsCredentials() {
        holdsAndCatches(WiringRules::databaseUrlNamesThePostgresService, m -> env(container(m, "arbiter"), "ARBITER_DB_URL").setValue("jdbc:postgresql://postgres:5432/arbiter"),
                "is not a port of a Service of postgres.yaml");
        holdsAndCatches(WiringRules::databaseUrlNamesThePostgresService,
                m -> env(container(m, "arbiter"), "ARBITER_DB_URL").setValue("jdbc:postgresql://arbiter-postgres.default.svc:5432/arbiter"), "is not a port");
        holdsAndCatches(WiringRules::databaseUrlNamesThePostgresService, m -> env(container(m, "arbiter"), "ARBITER_DB_URL").setValue("jdbc:postgresql://arbiter-postgres:5433/arbiter"),
                "is not a port");
        holdsAndCatches(WiringRules::databaseUrlNamesThePostgresService, m -> env(container(m, "arbiter"), "ARBITER_DB_URL").setValue("jdbc:h2:file:/var/lib/arbiter/arbiter"),
                "is not jdbc:postgresql");
        holdsAndCatches(WiringRules::databaseUrlNamesThePostgresService, m -> env(container(m, "arbiter-postgres"), "POSTGRES_DB").setValue("routing"),
                "but PostgreSQL creates routing");
        holdsAndCatches(WiringRules::databaseUrlNamesThePostgresService, m -> env(container(m, "arbiter"), "ARBITER_DB_USER").getValueFrom().getSecretKeyRef().setKey("password"),
                "ARBITER_DB_USER is not from the Secret key");
    }

    @Test
    void theIndexedJobRunsAsManyShardsAsItsShardArgumentSays() {
        holdsAndCatches(JobRules::indexedJobShardsAgree, m -> m.one(Job.class, "arbiter-score").getSpec().setCompletions(3), "completions 3 and parallelism 4");
        holdsAndCatches(JobRules::indexedJobShardsAgree, m -> m.one(Job.class, "arbiter-score").getSpec().setParallelism(2), "parallelism 2");
        holdsAndCatches(JobRules::indexedJobShardsAgree, m -> m.one(Job.class, "arbiter-score").getSpec().setCompletionMode("NonIndexed"), "not Indexed");
        holdsAndCatches(JobRules::indexedJobShardsAgree, m -> setOption(container(m, "arbiter-score"), "--out", "/data/shard.jsonl"), "the same file for every index");
        holdsAndCatches(JobRules::indexedJobShardsAgree, m -> setOption(container(m, "arbiter-score"), "--shard", "1/4"), "is not job/N");
    }

    @Test
    void theMergeJobNamesExactlyTheShardFilesOnTheSameVolume() {
        holdsAndCatches(JobRules::mergeJobReadsEveryShard, m -> container(m, "arbiter-score-merge").getCommand().remove("/data/shard-3.jsonl"),
                "merges [/data/shard-0.jsonl, /data/shard-1.jsonl, /data/shard-2.jsonl], but");
        holdsAndCatches(JobRules::mergeJobReadsEveryShard, m -> setOption(container(m, "arbiter-score"), "--shard", "job/5"), "/data/shard-4.jsonl]");
        holdsAndCatches(JobRules::mergeJobReadsEveryShard, m -> setOption(container(m, "arbiter-score-merge"), "--in", "/data/responses.jsonl"), "but the shards read");
        holdsAndCatches(JobRules::mergeJobReadsEveryShard, m -> container(m, "arbiter-score-merge").getVolumeMounts().get(0).setMountPath("/batch"),
                "on arbiter-batch:/data in score-job.yaml#0 Job arbiter-score, on no claim");
    }

    @Test
    void theReadmeAppliesEveryManifestAndCreatesEveryDocumentedSecret() throws IOException {
        String readme = Files.readString(Manifests.DIR.resolve("README.md"));
        Manifests m = Manifests.load();
        assertEquals(Set.of("arbiter-api-keys", "arbiter-db"), m.userSecrets.keySet());
        for (String secret : m.userSecrets.keySet()) {
            assertTrue(readme.contains("kubectl -n arbiter create secret generic " + secret), "README: no command creating " + secret);
        }
        for (String file : m.docs.stream().map(Manifests.Doc::file).distinct().toList()) {
            assertTrue(readme.contains("kubectl apply -f k8s/" + file), "README: no kubectl apply -f k8s/" + file);
        }
    }

    private static void holdsAndCatches(Function<Manifests, List<String>> rule, Consumer<Manifests> breakOne, String expected) {
        assertEquals(List.of(), rule.apply(Manifests.load()), "the manifests under k8s/ break the rule");
        Manifests broken = Manifests.load();
        breakOne.accept(broken);
        List<String> problems = rule.apply(broken);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected a problem with '" + expected + "', got " + problems);
    }

    private static void assertParseFails(String yaml, String expected) {
        IOException e = assertThrows(IOException.class, () -> Manifests.parse(yaml, "test.yaml"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static Container container(Manifests m, String workload) {
        return m.workloads().stream().filter(w -> w.doc().resource().getMetadata().getName().equals(workload)).findFirst()
                .orElseThrow().spec().getContainers().get(0);
    }

    private static PodSpec template(Job job) {
        return job.getSpec().getTemplate().getSpec();
    }

    private static Service service(Manifests m, String name) {
        return m.one(Service.class, name);
    }

    private static EnvVar env(Container c, String name) {
        return PodRules.envVar(c, name).orElseThrow();
    }

    private static void setOption(Container c, String option, String value) {
        List<String> command = c.getCommand();
        command.set(command.indexOf(option) + 1, value);
    }
}
