package dev.arbiter.router;

import dev.arbiter.verifier.Dimension;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task-by-model outcome matrix in CodeRouterBench long format, either flavour: the in-distribution files' `score`
 * and `cost_usd`, or the out-of-distribution release's `resolved` (true/false/1/0) and `cost_usd`. Rows keep file
 * order; a missing cost is 0.
 */
public record OutcomeMatrix(List<Row> rows) {

    public record Row(String taskId, Dimension dimension, String model, double score, double cost) {
    }

    public static OutcomeMatrix read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String header = in.readLine();
            if (header == null) {
                return new OutcomeMatrix(List.of());
            }
            Map<String, Integer> col = new LinkedHashMap<>();
            List<String> names = Csv.split(header);
            for (int i = 0; i < names.size(); i++) {
                col.put(names.get(i).strip(), i);
            }
            Integer task = col.get("task_id");
            Integer dim = col.get("dimension");
            Integer model = col.get("model");
            Integer score = col.containsKey("score") ? col.get("score") : col.get("resolved");
            Integer cost = col.get("cost_usd");
            if (task == null || dim == null || model == null || score == null) {
                throw new IOException(file + ": needs columns task_id, dimension, model and score (or resolved)");
            }
            int line = 1;
            for (String text; (text = in.readLine()) != null; ) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                List<String> f = Csv.split(text);
                try {
                    rows.add(new Row(f.get(task), Dimension.fromWire(f.get(dim)), f.get(model), number(f.get(score)),
                            cost == null || cost >= f.size() ? 0 : number(f.get(cost))));
                } catch (RuntimeException e) {
                    throw new IOException(file + ":" + line + ": " + e.getMessage(), e);
                }
            }
        }
        return new OutcomeMatrix(List.copyOf(rows));
    }

    private static double number(String s) {
        String v = s.strip();
        if (v.isEmpty()) {
            return 0;
        }
        if (v.equalsIgnoreCase("true")) {
            return 1;
        }
        if (v.equalsIgnoreCase("false")) {
            return 0;
        }
        return Double.parseDouble(v);
    }

    /** Minimal CSV: commas, double-quoted fields with "" escapes. */
    static final class Csv {
        private Csv() {
        }

        static List<String> split(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cur.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    out.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            out.add(cur.toString());
            return out;
        }
    }
}
