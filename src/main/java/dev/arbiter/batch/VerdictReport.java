package dev.arbiter.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a verdict file adds up to: the summary per model x dimension and the outcome matrix in CodeRouterBench long
 * format (score = the verdict's confidence; indeterminate verdicts left out), for a run and for a merge alike.
 */
final class VerdictReport {
    private final ObjectMapper json;

    VerdictReport(ObjectMapper json) {
        this.json = json;
    }

    /** Adds every line of {@code verdicts} to {@code summary}, writes {@code matrix} and returns the summary's text. */
    String write(Path verdicts, Path matrix, BatchSummary summary) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(verdicts); BufferedWriter m = Files.newBufferedWriter(matrix)) {
            m.write("task_id,dimension,model,score,cost_usd\n");
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                String status = n.at("/verdict/status").asText();
                double confidence = n.at("/verdict/confidence").asDouble();
                summary.add(n.path("model").asText(), n.path("dimension").asText(), status, confidence, n.path("cost").asDouble());
                if (!"indeterminate".equals(status)) {
                    m.write(String.format(Locale.ROOT, "%s,%s,%s,%s,%s%n", csv(n.path("taskId").asText()), n.path("dimension").asText(),
                            csv(n.path("model").asText()), confidence, n.path("cost").asDouble()));
                }
            }
        }
        return summary.markdown();
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
