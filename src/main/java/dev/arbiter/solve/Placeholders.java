package dev.arbiter.solve;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template language of verifier-rules/prompts: {@code {{name}}} is replaced by a value, and
 * {@code {{#name}}...{{/name}}} keeps its text only when the value is not empty. One pass: text inserted from a task
 * is never read as a placeholder.
 */
final class Placeholders {
    private static final Pattern SECTION = Pattern.compile("\\{\\{#([a-z_]+)}}(.*?)\\{\\{/\\1}}", Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile("\\{\\{([#/]?)([^}]*)}}");

    private Placeholders() {
    }

    /** The names a template uses, sections included. */
    static Set<String> names(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(template);
        while (m.find()) {
            names.add(m.group(2).trim());
        }
        return names;
    }

    /** Whether every section opened is closed with the same name, without nesting. */
    static boolean balanced(String template) {
        String outside = SECTION.matcher(template).replaceAll("");
        return !TOKEN.matcher(outside).results().anyMatch(r -> !r.group(1).isEmpty());
    }

    static String render(String template, Map<String, String> values) {
        String kept = replace(SECTION, template, m -> values.getOrDefault(m.group(1), "").isEmpty() ? "" : m.group(2));
        return replace(TOKEN, kept, m -> values.getOrDefault(m.group(2).trim(), ""));
    }

    private static String replace(Pattern p, String text, Function<Matcher, String> by) {
        Matcher m = p.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(by.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
