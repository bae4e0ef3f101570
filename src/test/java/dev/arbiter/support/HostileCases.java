package dev.arbiter.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.VerificationRequest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/** The hostile-suite cases of one folder (src/test/resources/hostile/&lt;language&gt;), for the boundary tests. */
public final class HostileCases {
    private HostileCases() {
    }

    /** One case: its file name, what is expected of it and the request to verify. */
    public record Case(String name, JsonNode expect, VerificationRequest request) {
    }

    public static List<Case> load(ObjectMapper json, String folder) throws IOException, URISyntaxException {
        Path dir = Path.of(HostileCases.class.getResource("/hostile/" + folder).toURI());
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                JsonNode c = json.readTree(file.toFile());
                var request = json.createObjectNode();
                request.set("task", c.get("task"));
                request.set("response", c.get("response"));
                cases.add(new Case(file.getFileName().toString(), c.get("expect"),
                        json.convertValue(request, VerificationRequest.class)));
            }
        }
        return cases;
    }

    /** What is wrong with the verdict of a case under {@link BoundaryOnly}, or null when it is right. */
    public static String check(Case c, Verdict v) {
        boolean status = c.expect().get("status").asText().equals(v.status().wireName());
        List<String> expected = new ArrayList<>();
        c.expect().get("reasons").forEach(r -> expected.add(r.asText()));
        boolean reason = BoundaryOnly.reasonFits(expected, v.reason().wireName(), v.status().wireName());
        return status && reason ? null : c.name() + ": expected " + c.expect() + ", got " + v.status().wireName() + " "
                + v.reason() + " (" + v.detail() + ")";
    }

    /** The problems of every case, verified one after another. */
    public static List<String> problems(List<Case> cases, Function<VerificationRequest, Verdict> verify) {
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            String problem = check(c, verify.apply(c.request()));
            if (problem != null) {
                wrong.add(problem);
            }
        }
        return wrong;
    }
}
