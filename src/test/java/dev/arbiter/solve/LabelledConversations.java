package dev.arbiter.solve;

import static dev.arbiter.solve.MeasurementPhrasings.NAMES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.bench.accuracy.HumanEvalPack;
import dev.arbiter.provider.ChatMessage;
import dev.arbiter.verifier.Dimension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Labelled conversations built at run time from ../shared/datasets (nothing is copied into the project). Where an
 * official prompt format exists it is used as published: HumanEvalSynthesize (the {@code instruction} field),
 * HumanEvalFix ("Fix bugs in {entry_point}." after the buggy function and its tests), HumanEvalExplain ("Provide a
 * concise natural language description..." before the code), and the raw HumanEval prompt for completion. The other
 * dimensions pair real code with the phrasings of {@link MeasurementPhrasings}; data_science and
 * agentic_programming have no labelled source here and are templated throughout.
 */
final class LabelledConversations {
    /** One labelled conversation; {@code source} says where it came from and whether it is templated. */
    record Labelled(String source, Dimension dimension, String language, List<ChatMessage> messages) {
    }

    /** MBPP+ inputs hold -Infinity and NaN. */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private final Path data;
    private final Random random = new Random(20_240_501L);
    private final List<Labelled> out = new ArrayList<>();

    private LabelledConversations(Path data) {
        this.data = data;
    }

    static List<Labelled> build(Path data) {
        LabelledConversations b = new LabelledConversations(data);
        for (String language : HumanEvalPack.FOLDERS.keySet()) {
            b.humanEvalPack(language);
        }
        b.mbpp();
        b.quixBugs();
        b.dataScience();
        return b.out;
    }

    private void humanEvalPack(String language) {
        List<String> others = new ArrayList<>(HumanEvalPack.FOLDERS.keySet());
        others.remove(language);
        int i = 0;
        for (JsonNode row : rows(HumanEvalPack.file(data, language))) {
            String entry = row.get("entry_point").asText();
            String base = ("rust".equals(language) ? "fn main(){}\n" : "") + row.get("declaration").asText();
            String canonical = closed(base + row.get("canonical_solution").asText());
            String buggy = closed(base + row.get("buggy_solution").asText());
            add("humanevalsynthesize", Dimension.CODE_GENERATION, language, row.get("instruction").asText());
            add("humanevalfix", Dimension.BUG_FIXING, language, buggy + "\n" + row.get("test").asText() + "\nFix bugs in " + entry + ".");
            add("humanevalexplain", Dimension.CODE_UNDERSTANDING, language, "Provide a concise natural language description of the code using at most "
                    + row.get("docstring").asText().length() + " characters.\n" + canonical);
            String ask = pick(MeasurementPhrasings.CODE_COMPLETION, i);
            add("humaneval-prompt" + (ask.isEmpty() ? "" : "+phrase"), Dimension.CODE_COMPLETION, language,
                    (ask.isEmpty() ? "" : ask + "\n\n") + row.get("prompt").asText());
            String framework = MeasurementPhrasings.FRAMEWORKS.get(language);
            add("templated:tests", Dimension.TEST_GENERATION, language,
                    pick(MeasurementPhrasings.TEST_GENERATION, i).replace("{F}", framework) + "\n\n" + present(canonical, language, i));
            add("templated:refactor", Dimension.CODE_REFACTORING, language,
                    pick(MeasurementPhrasings.CODE_REFACTORING, i) + "\n\n" + present(canonical, language, i));
            String target = others.get(random.nextInt(others.size()));
            add("templated:translate", Dimension.MULTI_LANGUAGE, target, pick(MeasurementPhrasings.MULTI_LANGUAGE, i)
                    .replace("{A}", name(language, i)).replace("{B}", name(target, i)) + "\n\n" + present(canonical, language, i));
            if (i % 4 == 0) {
                agentic(language, entry, i);
            }
            i++;
        }
    }

    private void agentic(String language, String entry, int i) {
        String file = "src/" + entry.toLowerCase(java.util.Locale.ROOT) + "." + MeasurementPhrasings.EXTENSIONS.get(language);
        String task = pick(MeasurementPhrasings.AGENT_TASKS, i / 4).replace("{N}", entry).replace("{FILE}", file);
        String system = pick(MeasurementPhrasings.AGENT_SYSTEMS, i / 16 + i / 4);
        out.add(new Labelled("templated:agent", Dimension.AGENTIC_PROGRAMMING, language,
                List.of(ChatMessage.system(system), ChatMessage.user(task))));
    }

    private void mbpp() {
        for (JsonNode row : rows(data.resolve("evalplus").resolve("MbppPlus.jsonl.gz"))) {
            String prompt = row.get("prompt").asText().strip();
            prompt = prompt.replaceAll("^\"\"\"\\s*", "").replaceAll("\\s*\"\"\"$", "");
            add("mbpp+", Dimension.CODE_GENERATION, "python", prompt);
        }
    }

    private void quixBugs() {
        Path q = data.resolve("quixbugs");
        int i = 0;
        for (Path f : list(q.resolve("python_programs"), ".py")) {
            String name = f.getFileName().toString();
            if (name.endsWith("_test.py") || name.equals("node.py")) {
                continue;
            }
            String text = read(f);
            int doc = text.indexOf("\"\"\"");
            String code = (doc < 0 ? text : text.substring(0, doc)).strip();
            add("quixbugs+phrase", Dimension.BUG_FIXING, "python", pick(MeasurementPhrasings.BUG_FIXING, i) + "\n\n" + present(code, "python", i));
            if (doc >= 0) {
                String description = text.substring(doc + 3).replace("\"\"\"", "").strip();
                String entry = name.substring(0, name.length() - 3);
                for (int k = 0; k < MeasurementPhrasings.ALGORITHM.size(); k++) {
                    add("templated:quixbugs-description", Dimension.ALGORITHM, null,
                            MeasurementPhrasings.ALGORITHM.get(k).replace("{D}", description).replace("{N}", entry));
                }
            }
            i++;
        }
        for (Path f : list(q.resolve("java_programs"), ".java")) {
            String name = f.getFileName().toString();
            if (name.equals("Node.java") || name.equals("WeightedEdge.java")) {
                continue;
            }
            add("quixbugs+phrase", Dimension.BUG_FIXING, "java", pick(MeasurementPhrasings.BUG_FIXING, i) + "\n\n" + present(read(f), "java", i));
            i++;
        }
    }

    private void dataScience() {
        int i = 0;
        for (String task : MeasurementPhrasings.DATA_SCIENCE_TASKS) {
            for (String prefix : MeasurementPhrasings.DATA_SCIENCE_PREFIXES) {
                // Data-science work in these sources is Python; a prompt that names no language has none to find.
                String language = prefix.contains("Python") || prefix.contains("pandas") || task.contains("numpy")
                        || task.contains("scikit") ? "python" : null;
                add("templated:data-science", Dimension.DATA_SCIENCE, language, prefix + (prefix.isEmpty() ? task : lowerFirst(task)));
                i++;
            }
        }
    }

    /** Code as people paste it: in a tagged fence, in a bare fence, or not fenced at all, in turn. */
    private static String present(String code, String language, int i) {
        return switch (i % 3) {
            case 0 -> "```" + MeasurementPhrasings.FENCES.get(language) + "\n" + code.strip() + "\n```";
            case 1 -> "```\n" + code.strip() + "\n```";
            default -> code.strip();
        };
    }

    /** A function as a user pastes it, whole: the dataset's bodies sometimes leave the last brace to the harness. */
    private static String closed(String code) {
        long open = code.chars().filter(c -> c == '{').count() - code.chars().filter(c -> c == '}').count();
        return open > 0 ? code + "\n" + "}\n".repeat((int) open) : code;
    }

    private static String name(String language, int i) {
        List<String> names = NAMES.get(language);
        return names.get(i % names.size());
    }

    private static String pick(List<String> options, int i) {
        return options.get(Math.floorMod(i, options.size()));
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private void add(String source, Dimension d, String language, String userText) {
        out.add(new Labelled(source, d, language, List.of(ChatMessage.user(userText))));
    }

    private static List<JsonNode> rows(Path file) {
        try (var in = Files.newInputStream(file);
             var reader = new BufferedReader(new InputStreamReader(file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in,
                     StandardCharsets.UTF_8))) {
            List<JsonNode> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    rows.add(JSON.readTree(line));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }
}
