package dev.arbiter.verifier.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a markdown / HTML answer a reader sees, which is all a code-understanding answer is scored on: HTML
 * comments, hidden elements ({@code <details>}, {@code hidden}, {@code display:none}, zero font size...), invisible
 * format characters (zero-width spaces and joiners, bidi controls, Unicode tag characters), link targets and
 * reference definitions, images, fenced blocks that only list key phrases, repeated paragraphs and whatever follows a
 * long run of blank lines are left out. Otherwise an answer could pass by hiding the key's phrases where nobody reads.
 */
final class VisibleText {
    private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?(-->|$)");
    private static final Pattern HIDDEN_ELEMENT = Pattern.compile("(?is)<(details|script|style|template|noscript|iframe|object|svg)\\b[^>]*>.*?(</\\1\\s*>|$)"
            + "|<(\\w+)\\b[^>]*(\\bhidden\\b|aria-hidden\\s*=\\s*[\"']?true|display\\s*:\\s*none|visibility\\s*:\\s*hidden"
            + "|font-size\\s*:\\s*0|opacity\\s*:\\s*0(?![.]\\d*[1-9])|height\\s*:\\s*0|width\\s*:\\s*0|color\\s*:\\s*(white|#fff\\b|#ffffff|transparent))[^>]*>.*?(</\\3\\s*>|$)");
    private static final Pattern TAG = Pattern.compile("</?[A-Za-z][^>]*>");
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cf}\\u034F\\u115F\\u1160\\u3164\\uFFA0\\u2800]");
    private static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]*\\]\\([^)]*\\)|!\\[[^\\]]*\\]\\[[^\\]]*\\]");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:.*$");
    private static final Pattern FENCE = Pattern.compile("(?ms)^ {0,3}(```+|~~~+)[^\\n]*\\n(.*?)(^ {0,3}\\1\\s*$|\\z)");
    private static final Pattern CODE_LIKE = Pattern.compile("[(){}\\[\\];=<>]|^\\s*(def|return|for|while|if|class|int|public|fn|func|let|const|var)\\b");
    private static final Pattern BLANK_RUN = Pattern.compile("(\\n[ \\t]*){20,}");

    private VisibleText() {
    }

    /** What a reader sees of {@code answer}; {@code isKeyPhrase} tells whether a line states one of the key's facts. */
    static String of(String answer, Predicate<String> isKeyPhrase) {
        String text = INVISIBLE.matcher(answer).replaceAll("");
        text = COMMENT.matcher(text).replaceAll(" ");
        String before;
        do {
            before = text;
            text = HIDDEN_ELEMENT.matcher(text).replaceAll(" ");
        } while (!text.equals(before));
        text = TAG.matcher(text).replaceAll(" ");
        text = IMAGE.matcher(text).replaceAll(" ");
        text = LINK.matcher(text).replaceAll("$1");
        text = REFERENCE.matcher(text).replaceAll("");
        text = withoutPhraseLists(text, isKeyPhrase);
        Matcher blank = BLANK_RUN.matcher(text);
        if (blank.find()) {
            text = text.substring(0, blank.start());
        }
        return withoutRepeats(text);
    }

    /** Fenced blocks whose every line states a key phrase (and looks like no code) are phrase lists, not answers. */
    private static String withoutPhraseLists(String text, Predicate<String> isKeyPhrase) {
        Matcher m = FENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            List<String> lines = m.group(2).lines().filter(l -> !l.isBlank()).toList();
            boolean list = !lines.isEmpty() && lines.stream().allMatch(l -> isKeyPhrase.test(l) && !CODE_LIKE.matcher(l).find());
            m.appendReplacement(out, Matcher.quoteReplacement(list ? "\n" : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A paragraph said twice counts once. */
    private static String withoutRepeats(String text) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> kept = new ArrayList<>();
        for (String paragraph : text.split("\\n\\s*\\n")) {
            String key = paragraph.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
            if (key.isEmpty() || seen.add(key)) {
                kept.add(paragraph);
            }
        }
        return String.join("\n\n", kept);
    }
}
