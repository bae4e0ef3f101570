package dev.arbiter.verifier.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepositoryPatcherTest {
    private final RepositoryPatcher patcher = new RepositoryPatcher();
    private final Map<String, String> repo = Map.of("src/a.py", "x = 1\ny = 2\n", "src/b.py", "old\n");

    @Test
    void changesCreatesAndDeletesFilesOfAGitDiff() {
        String diff = """
                diff --git a/src/a.py b/src/a.py
                --- a/src/a.py
                +++ b/src/a.py
                @@ -1,2 +1,2 @@
                 x = 1
                -y = 2
                +y = 3
                diff --git a/src/c.py b/src/c.py
                new file mode 100644
                --- /dev/null
                +++ b/src/c.py
                @@ -0,0 +1 @@
                +z = 4
                diff --git a/src/b.py b/src/b.py
                deleted file mode 100644
                --- a/src/b.py
                +++ /dev/null
                @@ -1 +0,0 @@
                -old
                """;
        var r = patcher.apply(repo, diff);
        assertNull(r.error());
        assertEquals("x = 1\ny = 3\n", r.files().get("src/a.py"));
        assertEquals("z = 4\n", r.files().get("src/c.py"));
        assertFalse(r.files().containsKey("src/b.py"));
        assertEquals(List.of("src/a.py", "src/c.py", "src/b.py"), r.changed());
    }

    @Test
    void hunksThatDoNotMatchAndPathsOutsideTheRepositoryAreRefused() {
        assertTrue(patcher.apply(repo, "--- a/src/a.py\n+++ b/src/a.py\n@@ -1,1 +1,1 @@\n-q = 9\n+q = 8\n").error()
                .contains("does not apply"));
        assertTrue(patcher.apply(repo, "--- a/../x\n+++ b/../x\n@@ -0,0 +1 @@\n+evil\n").error().contains("outside"));
        assertTrue(patcher.apply(repo, "--- /dev/null\n+++ /etc/cron.d/x\n@@ -0,0 +1 @@\n+evil\n").error().contains("outside"));
        assertTrue(patcher.apply(repo, "--- a/src/a.py\n+++ b/src/a.py\n@@ -1,2 +1,2 @@\n-nothing\n+like this\n").error() != null);
        assertTrue(patcher.apply(repo, "--- a/nope.py\n+++ b/nope.py\n@@ -1 +1 @@\n-a\n+b\n").error().contains("does not have"));
    }
}
