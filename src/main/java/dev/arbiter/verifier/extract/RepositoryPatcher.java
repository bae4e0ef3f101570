package dev.arbiter.verifier.extract;

import com.github.difflib.patch.PatchFailedException;
import com.github.difflib.unifieddiff.UnifiedDiff;
import com.github.difflib.unifieddiff.UnifiedDiffFile;
import com.github.difflib.unifieddiff.UnifiedDiffReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Applies a multi-file unified diff (as `git diff` writes it) to a repository snapshot held in memory: files are
 * changed, created (from /dev/null) or deleted (to /dev/null). Hunks must match exactly; a path outside the
 * repository (absolute, or with ..) is refused.
 */
@ApplicationScoped
public class RepositoryPatcher {
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*");
    private static final String NULL = "/dev/null";

    /** The patched files and the paths the diff touched, or why it does not apply. */
    public record Result(Map<String, String> files, List<String> changed, String error) {
        static Result failed(String why) {
            return new Result(null, List.of(), why);
        }
    }

    public Result apply(Map<String, String> snapshot, String diff) {
        UnifiedDiff parsed;
        try {
            parsed = UnifiedDiffReader.parseUnifiedDiff(new ByteArrayInputStream(diff.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            return Result.failed("the diff cannot be read: " + e.getMessage());
        }
        if (parsed.getFiles().isEmpty()) {
            return Result.failed("the diff names no file");
        }
        Map<String, String> files = new LinkedHashMap<>(snapshot);
        List<String> changed = new ArrayList<>();
        for (UnifiedDiffFile file : parsed.getFiles()) {
            String from = path(file.getFromFile());
            String to = path(file.getToFile());
            String target = to == null ? from : to;
            if (target == null || !SAFE_PATH.matcher(target).matches() || target.contains("..")
                    || (from != null && (!SAFE_PATH.matcher(from).matches() || from.contains("..")))) {
                return Result.failed("the diff names a path outside the repository: " + file.getToFile());
            }
            if (file.getPatch() == null || file.getPatch().getDeltas().isEmpty()) {
                return Result.failed("the diff has no readable hunk for " + target);
            }
            String before = from == null ? "" : files.get(from);
            if (before == null) {
                return Result.failed("the diff changes " + from + ", which the repository does not have");
            }
            List<String> after;
            try {
                after = file.getPatch().applyTo(before.isEmpty() ? List.of() : before.lines().toList());
            } catch (PatchFailedException | RuntimeException e) {
                return Result.failed("the diff does not apply to " + target + ": " + e.getMessage());
            }
            if (from != null && !from.equals(target)) {
                files.remove(from);
            }
            if (to == null) {
                files.remove(from);
            } else {
                files.put(to, after.isEmpty() ? "" : String.join("\n", after) + "\n");
            }
            changed.add(target);
        }
        return new Result(files, List.copyOf(changed), null);
    }

    /** "a/src/x.py" and "b/src/x.py" name src/x.py; /dev/null names no file. */
    private static String path(String name) {
        if (name == null || name.isBlank() || name.trim().equals(NULL)) {
            return null;
        }
        String p = name.trim();
        int tab = p.indexOf('\t');
        p = tab >= 0 ? p.substring(0, tab) : p;
        return p.startsWith("a/") || p.startsWith("b/") ? p.substring(2) : p;
    }
}
