package dev.arbiter.sandbox;

import static dev.arbiter.support.Requests.pythonReturningOne;
import static dev.arbiter.support.Requests.verify;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import com.github.dockerjava.api.DockerClient;
import dev.arbiter.sandbox.docker.ContainerFactory;
import dev.arbiter.sandbox.pool.WarmPool;
import dev.arbiter.support.Containers;
import dev.arbiter.support.BoundaryOnly;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile candidates against the real engine. Each must get the right status and reason, leave the service healthy
 * and leave no container behind but the warm pool's.
 */
@QuarkusTest
@TestProfile(BoundaryOnly.class)
class HostileInputTest {
    @Inject
    DockerClient docker;
    @Inject
    WarmPool pool;
    @Inject
    ContainerFactory factory;

    @AfterEach
    void serviceStaysHealthyAndNothingIsLeftBehind() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        Containers.awaitOnlyWarmPoolLeft(docker, pool, factory);
    }

    @Test
    void forkBombIsContainedByThePidsLimit() {
        verify(pythonReturningOne("""
                import os
                def f():
                    while True:
                        try:
                            os.fork()
                        except OSError:
                            pass
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", anyOf(equalTo("test_timeout"), equalTo("timeout"), equalTo("memory_limit")))
                .body("timings.totalMs", lessThan(20_000));
    }

    @Test
    void memoryBombIsKilledAtTheMemoryLimit() {
        verify(pythonReturningOne("""
                def f():
                    hoard = []
                    while True:
                        hoard.append(bytearray(10 ** 7))
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", anyOf(equalTo("memory_limit"), equalTo("runtime_error"), equalTo("tests_failed")));
    }

    @Test
    void memoryBombAtImportIsKilledAsOutOfMemory() {
        verify(pythonReturningOne("""
                hoard = [bytearray(10 ** 7) for _ in range(100)]
                def f():
                    return 1
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("memory_limit"));
    }

    @Test
    void cpuSpinTimesOut() {
        verify(pythonReturningOne("""
                def f():
                    while True:
                        pass
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("test_timeout"))
                .body("tests.cases[0].outcome", equalTo("timeout"));
    }

    @Test
    void spinThatIgnoresTheTestTimerStillTimesOutItsTest() {
        // The test timer is the judge's, in another process: the candidate cannot switch it off.
        verify(pythonReturningOne("""
                import signal
                signal.signal(signal.SIGALRM, signal.SIG_IGN)
                def f():
                    while True:
                        pass
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("test_timeout"))
                .body("tests.cases[0].outcome", equalTo("timeout"));
    }

    @Test
    void sleepingForeverTimesOut() {
        verify(pythonReturningOne("""
                import time
                def f():
                    time.sleep(10 ** 6)
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("test_timeout"));
    }

    @Test
    void readingStdinGetsEndOfFileInsteadOfBlocking() {
        verify(pythonReturningOne("""
                import sys
                def f():
                    return len(sys.stdin.read()) + 1
                """)).statusCode(200)
                .body("status", equalTo("passed"));
        verify(pythonReturningOne("""
                def f():
                    return int(input())
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("tests.cases[0].message", containsString("EOFError"))
                .body("timings.totalMs", lessThan(5_000));
    }

    @Test
    void stdoutFloodIsCutAndKilled() {
        verify(pythonReturningOne("""
                import sys
                def f():
                    while True:
                        sys.stdout.write('x' * 1000 + '\\n')
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("output_limit"))
                .body("execution.outputTruncated", equalTo(true));
    }

    @Test
    void oneHugeLineWithoutNewlineIsCutAndKilled() {
        verify(pythonReturningOne("""
                import os
                def f():
                    while True:
                        os.write(2, b'y' * 1000000)
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("output_limit"))
                .body("execution.outputTruncated", equalTo(true));
    }

    @Test
    void fillingTheDiskHitsTheWorkDirCap() {
        verify(pythonReturningOne("""
                def f():
                    with open('fill', 'wb') as out:
                        while True:
                            out.write(b'z' * 1000000)
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("tests.cases[0].message", containsString("No space left on device"));
    }

    @Test
    void outboundHttpIsImpossible() {
        verify(pythonReturningOne("""
                import socket
                def f():
                    socket.create_connection(('1.1.1.1', 80), timeout=2).close()
                    return 1
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("tests.cases[0].message", containsString("Network is unreachable"));
    }

    @Test
    void dnsLookupsFail() {
        verify(pythonReturningOne("""
                import socket
                def f():
                    socket.getaddrinfo('example.org', 80)
                    return 1
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("tests.cases[0].message", containsString("gaierror"));
    }

    @Test
    void writesOutsideTheWorkDirFail() {
        for (String path : new String[] {"/etc/arbiter-evil", "/tmp/arbiter-evil", "/opt/arbiter/harness.py"}) {
            verify(pythonReturningOne("def f():\n    open('" + path + "', 'w').write('x')\n    return 1\n"))
                    .statusCode(200)
                    .body("status", equalTo("failed"))
                    .body("tests.cases[0].message", anyOf(containsString("Read-only file system"),
                            containsString("Permission denied")));
        }
    }

    @Test
    void killingEveryProcessEndsOnlyTheCandidatesRun() {
        verify(pythonReturningOne("""
                import os
                def f():
                    os.system('kill -9 -1')
                    return 1
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", anyOf(equalTo("signal"), equalTo("incomplete_report")));
    }

    @Test
    void earlyExitZeroIsNotAPass() {
        verify(pythonReturningOne("""
                import os
                def f():
                    os._exit(0)
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", anyOf(equalTo("tests_failed"), equalTo("incomplete_report")))
                .body("tests.cases[0].outcome", equalTo("error"))
                .body("execution.exitCode", equalTo(0));
        verify(pythonReturningOne("""
                import sys
                sys.exit(0)
                def f():
                    return 1
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("runtime_error"));
    }

    @Test
    void forgedReportLinesAreIgnored() {
        verify(pythonReturningOne("""
                import os
                os.write(1, b'@@0123456789abcdef {"t":"end","total":1,"passed":1}\\n')
                print('@@0123456789abcdef {"t":"test","name":"x","outcome":"passed"}')
                def f():
                    return 2
                """)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("tests_failed"));
    }

    @Test
    void javaCandidateCallingSystemExitIsNotAPass() {
        String tests = "public class Main {\n  public static void main(String[] a) {\n"
                + "    if (new Solution().one() != 1) throw new AssertionError();\n  }\n}\n";
        verify(dev.arbiter.support.Requests.body("java", "class Solution {\n", tests, "one",
                "```java\nclass Solution {\n  static { System.exit(0); }\n  int one() { return 2; }\n}\n```"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                // The judge runs in its own JVM now: the candidate's exit fails the call, so the report is complete.
                .body("reason", org.hamcrest.Matchers.anyOf(equalTo("tests_failed"), equalTo("incomplete_report")));
    }

    @Test
    void execPathRuntimesAreContainedToo() {
        String jsTests = "console.assert(f() === 1);\n";
        dev.arbiter.support.Requests.verify(dev.arbiter.support.Requests.body("javascript", "", jsTests, "f",
                        "```js\nfunction f() { while (true) {} }\n```"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                // the JavaScript judge stops the hung call at its per-test budget and reports the test's timeout
                .body("reason", anyOf(equalTo("timeout"), equalTo("test_timeout")));
        String cppTests = "#include <assert.h>\nint main(){ assert(f() == 1); }\n";
        dev.arbiter.support.Requests.verify(dev.arbiter.support.Requests.body("cpp", "", cppTests, "f",
                        "```cpp\n#include <cstdio>\nint f(){ static char b[100000]; for(;;) fwrite(b, 1, sizeof b, stdout); }\n```"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("output_limit"));
        dev.arbiter.support.Requests.verify(dev.arbiter.support.Requests.body("cpp", "", cppTests, "f",
                        "```cpp\n#include <cstdlib>\n#include <cstring>\nint f(){ for(;;){ char* p = (char*) malloc(1<<24);"
                                + " memset(p, 1, 1<<24); } return 1; }\n```"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("memory_limit"));
    }
}
