package dev.arbiter.verifier.program;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Small text helpers shared by the program builders. */
final class Sources {
    private Sources() {
    }

    /** The prompt's lines that match (imports, includes), joined, ending with a newline when any. */
    static String headerLines(String prompt, Pattern line) {
        if (prompt == null) {
            return "";
        }
        String header = prompt.lines().filter(l -> line.matcher(l).find()).collect(Collectors.joining("\n"));
        return header.isEmpty() ? "" : header + "\n";
    }

    /** Prompt then completion, with a newline between them when the prompt does not end with one. */
    static String join(String prompt, String code) {
        if (prompt == null || prompt.isEmpty()) {
            return code;
        }
        return prompt.endsWith("\n") ? prompt + code : prompt + "\n" + code;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Duration seconds(int s) {
        return Duration.ofSeconds(s);
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
