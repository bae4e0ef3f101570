package dev.arbiter.verifier.program;

import dev.arbiter.sandbox.SandboxJob;
import dev.arbiter.sandbox.runtime.Runtime;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** The compile step of a runtime, stopping the job when it fails. */
    static SandboxJob.Step compileStep(Runtime runtime) {
        return SandboxJob.Step.runner("compile", runtime.compile(), seconds(runtime.limits().compileTimeoutSeconds()));
    }

    static SandboxJob.Step runStep(Runtime runtime) {
        return SandboxJob.Step.runner("run", runtime.run(), seconds(runtime.limits().runTimeoutSeconds()));
    }

    /** A compiled language's job: one source file, the runner's nonce in meta.txt, compile then run. */
    static SandboxJob compiledJob(Runtime runtime, String unit, String nonce) {
        Map<String, SandboxJob.SandboxFile> files = new LinkedHashMap<>();
        files.put(runtime.sourceFile(), SandboxJob.SandboxFile.readOnly(utf8(unit)));
        files.put("meta.txt", SandboxJob.SandboxFile.readOnly(utf8(nonce + "\n")));
        return new SandboxJob(files, List.of(compileStep(runtime), runStep(runtime)));
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
