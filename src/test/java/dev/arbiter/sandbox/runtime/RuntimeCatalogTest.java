package dev.arbiter.sandbox.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeCatalogTest {

    @Test
    void readsEveryRuntimeOfTheProjectWithAliases() {
        RuntimeCatalog catalog = new RuntimeCatalog(Path.of("sandbox-images"));
        assertEquals(List.of("cpp", "go", "java", "javascript", "python", "rust"), catalog.languages());
        assertEquals("javascript", catalog.find("JS").orElseThrow().language());
        assertEquals("python", catalog.find("py").orElseThrow().language());
        assertTrue(catalog.find("cobol").isEmpty());
        Runtime java = catalog.find("java").orElseThrow();
        assertTrue(java.compiles());
        assertTrue(java.image().matches("arbiter-sandbox/java:[0-9a-f]{12}"), java.image());
    }

    @Test
    void shardRunnersTakeTheirRuntimesOwnStepsOnly() {
        RuntimeCatalog catalog = new RuntimeCatalog(Path.of("sandbox-images"));
        Runtime javaRuntime = catalog.find("java").orElseThrow();
        Runtime python = catalog.find("python").orElseThrow();
        var compile = dev.arbiter.sandbox.SandboxJob.Step.runner("compile", javaRuntime.compile(), java.time.Duration.ofSeconds(60));
        var run = dev.arbiter.sandbox.SandboxJob.Step.runner("run", javaRuntime.run(), java.time.Duration.ofSeconds(15));
        var job = new dev.arbiter.sandbox.SandboxJob(java.util.Map.of(), List.of(compile, run));
        assertTrue(javaRuntime.shardRuns(job));
        assertTrue(javaRuntime.shardContainer().init(), "a JVM runner cannot reap orphans");
        assertTrue(javaRuntime.shardContainer().memoryMb() > 0);
        // a whole program (stdin/stdout cases) runs strict: other commands than the runtime's own steps
        var program = new dev.arbiter.sandbox.SandboxJob(java.util.Map.of(), List.of(
                dev.arbiter.sandbox.SandboxJob.Step.runner("compile", javaRuntime.standalone().compile(), java.time.Duration.ofSeconds(60)), run));
        assertFalse(javaRuntime.shardRuns(program));
        assertFalse(javaRuntime.shardRuns(new dev.arbiter.sandbox.SandboxJob(java.util.Map.of(), List.of(run))));
        assertTrue(python.shardRuns(new dev.arbiter.sandbox.SandboxJob(java.util.Map.of(), List.of(
                dev.arbiter.sandbox.SandboxJob.Step.runner("run", python.run(), java.time.Duration.ofSeconds(10))))));
        assertFalse(python.shardContainer().init());
        assertFalse(catalog.find("javascript").orElseThrow().hasShardRunner());
    }

    @Test
    void imageTagMatchesTheBuildScriptsHash() throws Exception {
        Process p = new ProcessBuilder("bash", "-c",
                "cd sandbox-images && export LC_ALL=C && find base shared python -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12")
                .redirectErrorStream(true).start();
        String expected = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor());
        assertEquals("arbiter-sandbox/python:" + expected, ImageTags.forRuntime(Path.of("sandbox-images"), "python"));
    }

    @Test
    void invalidManifestNamesFileLineAndProblem(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("base"));
        Path rt = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(rt.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(rt.resolve("runtime.yaml"), "language: bad\nsource-file: a.x\nrun: [x]\nlimits:\n  memory-mb: lots\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new RuntimeCatalog(dir));
        assertTrue(e.getMessage().contains("runtime.yaml:5"), e.getMessage());
        assertTrue(e.getMessage().contains("lots"), e.getMessage());
    }

    @Test
    void limitsOutOfRangeAreRefused(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("base"));
        Path rt = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(rt.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(rt.resolve("runtime.yaml"), """
                language: bad
                source-file: a.x
                run: [x]
                limits: {memory-mb: 1, cpus: 1, pids: 64, work-dir-mb: 8, output-kb: 8,
                         compile-timeout-seconds: 0, run-timeout-seconds: 5, test-timeout-seconds: 9}
                """);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new RuntimeCatalog(dir));
        assertTrue(e.getMessage().contains("memory-mb"), e.getMessage());
        assertTrue(e.getMessage().contains("test-timeout-seconds"), e.getMessage());
    }
}
