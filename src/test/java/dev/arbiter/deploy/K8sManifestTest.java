package dev.arbiter.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Kubernetes manifest parses and points its probes and paths at what the service really serves. */
class K8sManifestTest {

    @Test
    void manifestDeclaresTheServiceWithTheRealHealthEndpoints() throws Exception {
        YAMLFactory yaml = new YAMLFactory();
        ObjectMapper mapper = new ObjectMapper(yaml);
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = yaml.createParser(new File("k8s/arbiter.yaml"))) {
            var it = mapper.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                docs.add(it.next());
            }
        }
        assertEquals(List.of("Namespace", "Deployment", "Service"), docs.stream().map(d -> d.get("kind").asText()).toList());
        JsonNode container = docs.get(1).at("/spec/template/spec/containers/0");
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals(8080, container.at("/ports/0/containerPort").asInt());
        assertTrue(container.toString().contains("ARBITER_SANDBOX_IMAGES"));
    }
}
