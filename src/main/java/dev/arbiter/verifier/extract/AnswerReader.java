package dev.arbiter.verifier.extract;

import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Reason;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.Verdict.Extraction;
import dev.arbiter.verifier.extract.CodeExtractor.ExtractedCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the code a response stands for: the right block of the model's text, or — when the task has original code —
 * a unified diff applied to it. Refuses an answer that cannot be used (no code, a diff that does not apply, a bug fix
 * or refactoring that leaves the original unchanged).
 */
@ApplicationScoped
public class AnswerReader {
    private static final Set<String> DIFF_TAGS = Set.of("diff", "patch");

    private final CodeExtractor extractor;
    private final PatchApplier patches;

    public AnswerReader(CodeExtractor extractor, PatchApplier patches) {
        this.extractor = extractor;
        this.patches = patches;
    }

    /** The code to verify, or the reason it was refused (then {@code code} is null). */
    public record Answer(Extraction extraction, String code, Reason refusal, String detail) {
    }

    public Answer read(Task task, String language, Set<String> languageTags, String text) {
        ExtractedCode code = extractor.extract(text, language, languageTags, task.entryPoint());
        if (task.hasOriginal()) {
            ExtractedCode diff = extractor.extract(text, "diff", DIFF_TAGS, null);
            boolean usable = diff.reason().startsWith("block tagged") || "whole_text".equals(diff.source());
            if (usable && patches.isUnifiedDiff(diff.code())) {
                code = diff;
            }
        }
        Extraction extraction = new Extraction(code.code(), code.source(), code.blockIndex(), code.blocks(), code.reason());
        if (code.code().isBlank()) {
            return new Answer(extraction, null, Reason.NO_CODE, "the response holds no code");
        }
        String candidate = code.code();
        if (task.hasOriginal() && patches.isUnifiedDiff(candidate)) {
            PatchApplier.Result applied = patches.apply(task.original(), candidate);
            extraction = new Extraction(code.code(), "unified_diff", code.blockIndex(), code.blocks(),
                    code.reason() + "; a unified diff, applied to the task's original");
            if (applied.code() == null) {
                return new Answer(extraction, null, Reason.PATCH_DOES_NOT_APPLY, applied.error());
            }
            candidate = applied.code();
        }
        boolean mustChange = task.dimension() == Dimension.BUG_FIXING || task.dimension() == Dimension.CODE_REFACTORING;
        if (mustChange && task.hasOriginal() && normalized(candidate).equals(normalized(task.original()))) {
            return new Answer(extraction, null, Reason.UNCHANGED, "the answer is the original code unchanged; a "
                    + (task.dimension() == Dimension.BUG_FIXING ? "fix" : "refactoring") + " must change it");
        }
        return new Answer(extraction, candidate, null, null);
    }

    /** Code compared for "unchanged": trailing spaces and blank lines do not count. */
    private static String normalized(String code) {
        return code.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }
}
