package dev.arbiter.verifier.extract;

import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import com.github.difflib.patch.PatchFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Unified diffs in answers to bug-fixing and refactoring tasks: recognises one, and applies it to the task's original
 * code with java-diff-utils (hunks must match the original; no fuzzy guessing).
 */
@ApplicationScoped
public class PatchApplier {
    private static final Pattern HUNK = Pattern.compile("(?m)^@@ -\\d+(,\\d+)? \\+\\d+(,\\d+)? @@");
    private static final Pattern HEADERS = Pattern.compile("(?m)^--- .*\\n\\+\\+\\+ ");

    /** Whether the text is a unified diff: file headers and at least one hunk header. */
    public boolean isUnifiedDiff(String text) {
        return text != null && HUNK.matcher(text).find() && HEADERS.matcher(text).find();
    }

    /** The original with the diff applied. */
    public Result apply(String original, String diff) {
        List<String> lines = original.lines().toList();
        try {
            Patch<String> patch = UnifiedDiffUtils.parseUnifiedDiff(diff.lines().toList());
            if (patch.getDeltas().isEmpty()) {
                return new Result(null, "the diff has no hunks");
            }
            List<String> patched = patch.applyTo(lines);
            return new Result(String.join("\n", patched) + "\n", null);
        } catch (PatchFailedException | RuntimeException e) {
            return new Result(null, "the diff does not apply to the original: " + e.getMessage());
        }
    }

    /** The patched code, or why there is none. */
    public record Result(String code, String error) {
    }
}
