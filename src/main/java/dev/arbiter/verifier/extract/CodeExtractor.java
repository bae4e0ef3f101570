package dev.arbiter.verifier.extract;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the code out of a model's raw text. Prefers fenced blocks tagged with the task's language, then untagged
 * blocks, then any block; among candidates, one that mentions the entry point, then the longest. Text without fences
 * is taken whole.
 */
@ApplicationScoped
public class CodeExtractor {
    private static final Pattern FENCE = Pattern.compile(
            "(?m)^[ \\t]*(`{3,}|~{3,})[ \\t]*([\\w+#.-]*)[^\\n]*\\n(.*?)(?:^[ \\t]*\\1[ \\t]*$|\\z)", Pattern.DOTALL);

    /** One fenced block as found in the text. */
    record Block(int index, String tag, String body) {
    }

    public ExtractedCode extract(String text, String language, Set<String> languageTags, String entryPoint) {
        if (text == null || text.isBlank()) {
            return new ExtractedCode("", "none", null, 0, "the response is empty");
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            blocks.add(new Block(blocks.size(), m.group(2).toLowerCase(Locale.ROOT), m.group(3)));
        }
        if (blocks.isEmpty()) {
            return new ExtractedCode(text, "whole_text", null, 0, "no fenced block; the whole response is taken as code");
        }
        List<Block> tagged = blocks.stream().filter(b -> languageTags.contains(b.tag())).toList();
        List<Block> untagged = blocks.stream().filter(b -> b.tag().isEmpty()).toList();
        List<Block> pool;
        String why;
        if (!tagged.isEmpty()) {
            pool = tagged;
            why = "block tagged '" + tagged.get(0).tag() + "'";
        } else if (!untagged.isEmpty()) {
            pool = untagged;
            why = "untagged block";
        } else {
            pool = blocks;
            why = "no block tagged " + language + "; took a block tagged '" + blocks.get(0).tag() + "'";
        }
        Comparator<Block> order = Comparator.comparing((Block b) -> entryPoint != null && b.body().contains(entryPoint))
                .thenComparingInt(b -> b.body().length());
        Block chosen = pool.stream().max(order).orElseThrow();
        if (pool.size() > 1) {
            why += entryPoint != null && chosen.body().contains(entryPoint)
                    ? ", the longest of those naming " + entryPoint : ", the longest of " + pool.size();
        }
        return new ExtractedCode(chosen.body(), "fenced_block", chosen.index(), blocks.size(), why);
    }

    /** The code taken, where it came from and why that block was chosen. */
    public record ExtractedCode(String code, String source, Integer blockIndex, int blocks, String reason) {
    }
}
