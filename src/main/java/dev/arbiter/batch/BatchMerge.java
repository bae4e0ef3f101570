package dev.arbiter.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Validator;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Joins the verdict files of a batch's shards into one verdict file, with the summary and outcome matrix of the
 * joined verdicts ({@link VerdictReport}). Every line must be a verdict line, and every id at most once: a line
 * repeated word for word (the same shard file given twice, or a copy of it) is kept once, while two different
 * verdicts for one id are an error. Given the input, every readable input item must have exactly one verdict and
 * no verdict may be for an item the input does not have. Nothing is written unless all checks pass; the outputs are
 * written to temporary files beside them and moved into place, so a failed merge leaves no partial file.
 */
public final class BatchMerge {
    /** How many ids an error message lists before it says "..." */
    private static final int SHOWN = 5;
    private final ObjectMapper json;
    private final Validator validator;

    public BatchMerge(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** What a merge wrote: verdicts, identical repeated lines left out, and the summary text. */
    public record Result(int verdicts, int identicalDropped, String summary) {
    }

    /** The shard files do not join into one verdict file; the message says why, naming files, lines and ids. */
    public static final class Rejected extends Exception {
        Rejected(String message) {
            super(message);
        }
    }

    /** Where a line is: the shard file's place in the arguments (a file may be given twice), its path and line. */
    private record Seen(int file, Path path, int line, byte[] digest) {
        String key() {
            return file + ":" + line;
        }

        String where() {
            return path + ":" + line;
        }
    }

    /** Merges {@code shards} into {@code out} and {@code matrix}; {@code in} (the batch's input) may be null. */
    public Result merge(List<Path> shards, Path out, Path matrix, Path in) throws IOException, Rejected {
        for (Path shard : shards) {
            if (!Files.isRegularFile(shard)) {
                throw new Rejected("no such file: " + shard);
            }
            if (Files.exists(out) && Files.isSameFile(shard, out)) {
                throw new Rejected("--out " + out + " is one of the shard files");
            }
        }
        Map<String, Seen> seen = new LinkedHashMap<>();
        Set<String> dropped = new HashSet<>();
        check(shards, seen, dropped);
        BatchSummary summary = new BatchSummary();
        summary.note(String.format(Locale.ROOT, "Merged %d shard files: %d verdicts (%d identical repeated lines left out).",
                shards.size(), seen.size(), dropped.size()));
        if (in != null) {
            ResponseInput.Lines input = new ResponseInput(json, validator).read(in);
            checkAgainst(input, seen.keySet(), in);
            summary.note(String.format(Locale.ROOT, "Input %s: %d items, each with one verdict; malformed lines skipped: %d.",
                    in, input.items().size(), input.skipped().size()));
        }
        return new Result(seen.size(), dropped.size(), write(shards, dropped, out, matrix, summary));
    }

    /** Reads every shard line: each a verdict line, each id once unless repeated word for word. */
    private void check(List<Path> shards, Map<String, Seen> seen, Set<String> dropped) throws IOException, Rejected {
        Map<String, List<String>> conflicts = new LinkedHashMap<>();
        for (int f = 0; f < shards.size(); f++) {
            Path shard = shards.get(f);
            int n = 0;
            try (BufferedReader reader = Files.newBufferedReader(shard)) {
                for (String line; (line = reader.readLine()) != null; ) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String id = VerdictLog.idOf(json, line);
                    if (id == null) {
                        throw new Rejected(shard + ":" + n + ": not a verdict line (if it is the last line, a run was "
                                + "killed while writing it: run that shard's arbiter score again to finish it)");
                    }
                    Seen here = new Seen(f, shard, n, digest(line.strip()));
                    Seen first = seen.putIfAbsent(id, here);
                    if (first == null) {
                        continue;
                    }
                    if (Arrays.equals(first.digest(), here.digest())) {
                        dropped.add(here.key());
                    } else {
                        conflicts.computeIfAbsent(id, k -> new ArrayList<>(List.of(first.where()))).add(here.where());
                    }
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new Rejected(conflicts.size() + " id(s) with different verdicts in more than one line: "
                    + conflicts.entrySet().stream().limit(SHOWN).map(e -> "'" + e.getKey() + "' (" + String.join(", ", e.getValue()) + ")")
                            .collect(Collectors.joining(", ")) + (conflicts.size() > SHOWN ? ", ..." : ""));
        }
    }

    private static void checkAgainst(ResponseInput.Lines input, Set<String> merged, Path in) throws Rejected {
        Set<String> expected = new LinkedHashSet<>();
        input.items().forEach(i -> expected.add(i.id()));
        List<String> missing = expected.stream().filter(id -> !merged.contains(id)).toList();
        List<String> unknown = merged.stream().filter(id -> !expected.contains(id)).toList();
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " of the " + expected.size() + " items of " + in + " have no verdict: " + shown(missing));
        }
        if (!unknown.isEmpty()) {
            problems.add(unknown.size() + " verdict(s) are for ids that " + in + " does not have: " + shown(unknown));
        }
        if (!problems.isEmpty()) {
            throw new Rejected(String.join("\n", problems));
        }
    }

    private String write(List<Path> shards, Set<String> dropped, Path out, Path matrix, BatchSummary summary) throws IOException {
        Path tmpOut = temporary(out);
        Path tmpMatrix = null;
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmpOut)) {
                for (int f = 0; f < shards.size(); f++) {
                    int n = 0;
                    try (BufferedReader reader = Files.newBufferedReader(shards.get(f))) {
                        for (String line; (line = reader.readLine()) != null; ) {
                            n++;
                            if (!line.isBlank() && !dropped.contains(f + ":" + n)) {
                                w.write(line.strip());
                                w.write('\n');
                            }
                        }
                    }
                }
            }
            tmpMatrix = temporary(matrix);
            String text = new VerdictReport(json).write(tmpOut, tmpMatrix, summary);
            move(tmpMatrix, matrix);
            move(tmpOut, out);
            return text;
        } finally {
            Files.deleteIfExists(tmpOut);
            if (tmpMatrix != null) {
                Files.deleteIfExists(tmpMatrix);
            }
        }
    }

    private static Path temporary(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String shown(List<String> ids) {
        return ids.stream().limit(SHOWN).map(id -> "'" + id + "'").collect(Collectors.joining(", "))
                + (ids.size() > SHOWN ? ", ..." : "");
    }

    private static byte[] digest(String line) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
