package dev.arbiter.solve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One chat message as {@link TaskInference} reads it: the prose (what the person asks), the code (fenced blocks,
 * comments, docstrings and unfenced lines that look like code), the fences' info strings, and whether the code stops
 * inside an unfinished definition, with lower-case copies for the cue anchors. Only a head and a tail window of a long message are read, so that a 200 KB paste
 * costs no more than a short one; requests sit at the start or the end of a message.
 */
record MessageText(String prose, String code, String proseLower, String codeLower, List<String> fenceTags, boolean endsOpen) {
    /** Characters read from each end of a message; a request is rarely longer than a few lines. */
    static final int WINDOW = 4_000;
    /** Line starts that only code has (keywords followed by the shape that makes them code, not English). */
    private static final Pattern CODE_START = Pattern.compile(
            "^(def \\w|async def |class \\w+(\\(.*\\))?:$|class \\w+.*\\{$|import [\\w.*]+(\\s+as \\w+)?;?$|import \\{|import .* from |"
                    + "import \\($|import \"|from [\\w.]+ import |#include|#define|#!|#\\[|using [\\w.:]+;|using namespace|package [\\w.]+;?$|"
                    + "func |fn \\w|pub |impl\\b|(const|let|var|val) (mut )?\\w+ ?[:=]|(try|else|finally) ?[:{]|except\\b.*:$|catch ?\\(|"
                    + "elif |assert\\b|print\\(|console\\.|System\\.|std::|@\\w+(\\(|$)|[{}\\]]|//|/\\*|>>>|<\\?php|end$|"
                    + "[\\w.\\[\\]]+ ?[-+*/]?= |[\\w.]+\\(.*\\)[;,]?$)");
    private static final Pattern CODE_END = Pattern.compile("([;{}]|\\) ?\\{|=>|->)$");
    private static final Pattern PUNCT = Pattern.compile("[(){}\\[\\];=<>]");
    private static final Pattern PY_DEF = Pattern.compile("(?m)^[ \\t]*(async )?def \\w+\\s*\\(.*\\)[^:\\n]*:[ \\t]*$");
    private static final Pattern PY_DOCSTRING = Pattern.compile("(?s)(\"\"\"|''').*?(\\1|\\z)");
    private static final Pattern PY_FILLER = Pattern.compile("(?m)^[ \\t]*(#.*|pass|\\.\\.\\.)?[ \\t]*$");

    static MessageText of(String content) {
        String text = window(content).replace("\r\n", "\n");
        StringBuilder prose = new StringBuilder();
        StringBuilder code = new StringBuilder();
        List<String> tags = new ArrayList<>();
        boolean inFence = false;
        boolean inBlockComment = false;
        boolean inDocstring = false;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end);
            String t = line.strip();
            start = end + 1;
            if (t.startsWith("```") || t.startsWith("~~~")) {
                if (!inFence) {
                    String tag = fenceTag(t);
                    if (!tag.isEmpty()) {
                        tags.add(tag);
                    }
                }
                inFence = !inFence;
                continue;
            }
            boolean isCode = inFence || inBlockComment || inDocstring || looksLikeCode(line, t)
                    || (isIndented(line) && (t.startsWith("\"\"\"") || t.startsWith("'''")));
            if (!inFence) {
                inBlockComment = (inBlockComment || t.startsWith("/*")) && !t.endsWith("*/");
                // A docstring opens only in code: a bare triple quote around prose (pasted MBPP) stays prose.
                if (inDocstring || isCode || isIndented(line)) {
                    inDocstring = inDocstring ^ (countTripleQuotes(t) % 2 == 1);
                }
            }
            (isCode ? code : prose).append(line).append('\n');
        }
        String c = code.toString();
        String p = prose.toString();
        return new MessageText(p, c, p.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT), List.copyOf(tags), endsOpen(c));
    }

    /** True when the message has code and no prose at all: a bare snippet, as in a raw completion prompt. */
    boolean codeOnly() {
        return prose.isBlank() && !code.isBlank();
    }

    private static String window(String s) {
        if (s.length() <= 2 * WINDOW) {
            return s;
        }
        return s.substring(0, WINDOW) + "\n" + s.substring(s.length() - WINDOW);
    }

    private static String fenceTag(String fence) {
        int i = 0;
        while (i < fence.length() && (fence.charAt(i) == '`' || fence.charAt(i) == '~')) {
            i++;
        }
        int j = i;
        while (j < fence.length() && (Character.isLetterOrDigit(fence.charAt(j)) || "+#-_.".indexOf(fence.charAt(j)) >= 0)) {
            j++;
        }
        return fence.substring(i, j).toLowerCase(Locale.ROOT);
    }

    private static boolean looksLikeCode(String line, String t) {
        if (t.isEmpty()) {
            return false;
        }
        if (CODE_START.matcher(t).find() || CODE_END.matcher(t).find()) {
            return true;
        }
        return isIndented(line) && PUNCT.matcher(t).find();
    }

    private static boolean isIndented(String line) {
        return line.startsWith("    ") || line.startsWith("\t");
    }

    private static int countTripleQuotes(String t) {
        int n = 0;
        for (int i = t.indexOf("\"\"\""); i >= 0; i = t.indexOf("\"\"\"", i + 3)) {
            n++;
        }
        return n;
    }

    /**
     * The code stops inside a definition: more braces opened than closed, or a Python {@code def} whose body is only
     * a docstring, comments, {@code pass} or {@code ...}.
     */
    static boolean endsOpen(String code) {
        if (code.isBlank()) {
            return false;
        }
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            char ch = code.charAt(i);
            depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
        }
        if (depth > 0) {
            return true;
        }
        var defs = PY_DEF.matcher(code);
        int last = -1;
        while (defs.find()) {
            last = defs.end();
        }
        if (last < 0) {
            return false;
        }
        String body = PY_DOCSTRING.matcher(code.substring(last)).replaceAll("");
        return PY_FILLER.matcher(body).replaceAll("").isBlank();
    }
}
