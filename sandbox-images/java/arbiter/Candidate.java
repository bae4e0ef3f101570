package arbiter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One candidate JVM, started by the judge (root with CAP_SETUID/SETGID/KILL) as uid 65534 through setpriv with every
 * capability and group dropped. The child gets three pipes and nothing else (the JDK closes every other fd before
 * exec), so it never holds the judge's report channel; its stderr is relayed, capped, to the judge's stderr.
 */
public final class Candidate {
    /**
     * Where the job is and whose it is: /work and uid 65534 in a container of its own; in a shard (ShardRunner) each
     * job has its own directory and its own uid, given to the judge as system properties, with the heap ergonomics
     * of a container of its own (arbiter.maxram) and the runtime's process limit on the uid (arbiter.nproc).
     */
    public static final String UID = System.getProperty("arbiter.uid", "65534");
    public static final String WORK = System.getProperty("arbiter.work", "/work");
    public static final String DIR = WORK + "/cand";
    private static final String MAX_RAM = System.getProperty("arbiter.maxram", "");
    private static final String NPROC = System.getProperty("arbiter.nproc", "");
    private static final long RELAY_CAP = 48 * 1024;
    private static final AtomicLong RELAYED = new AtomicLong();
    private static final PrintStream ERR = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);

    final Process process;
    final DataInputStream in;
    final DataOutputStream out;
    private final long oomKillsAtStart;
    private boolean reported;

    private Candidate(Process process) {
        this.process = process;
        this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.oomKillsAtStart = oomKills();
        relay(process.getErrorStream());
    }

    /**
     * Starts {@code java <args>} as the candidate, in its directory; the candidate, not the judge, is the kernel's
     * pick when memory runs out.
     */
    public static Candidate start(List<String> javaArgs) {
        List<String> cmd = new ArrayList<>();
        if (!NPROC.isEmpty()) {
            cmd.addAll(List.of("prlimit", "--nproc=" + NPROC + ":" + NPROC, "--"));
        }
        cmd.addAll(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--", "sh", "-c",
                "echo 1000 > /proc/self/oom_score_adj; cd \"$0\" && exec \"$@\"", DIR, "java", "-ea", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:SharedArchiveFile=/opt/arbiter/app.jsa", "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off", "-Xss16m", "-Djava.io.tmpdir=" + DIR));
        if (!MAX_RAM.isEmpty()) {
            cmd.add("-XX:MaxRAM=" + MAX_RAM);
        }
        cmd.addAll(javaArgs);
        ProcessBuilder b = new ProcessBuilder(cmd).directory(new java.io.File(WORK));
        b.environment().clear();
        b.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        b.environment().put("HOME", DIR);
        b.environment().put("LANG", "C.UTF-8");
        try {
            return new Candidate(b.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the candidate process: " + e.getMessage(), e);
        }
    }

    /**
     * Kills the candidate and every process it forked: a helper at the candidate's uid signals all of that uid (with
     * bash's own kill: the image has no kill program).
     */
    public void kill() {
        process.destroyForcibly();
        try {
            new ProcessBuilder("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--inh-caps=-all",
                    "--bounding-set=-all", "--", "bash", "-c", "kill -9 -1").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(2, TimeUnit.SECONDS);
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the direct SIGKILL above is still in effect
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /**
     * The report's candidate line, once, when the process has ended: exit code or signal, and whether the memory
     * limit killed it. Null while it runs or when already reported.
     */
    public String endLine(String during) {
        if (reported) {
            return null;
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        reported = true;
        int status = process.exitValue();
        boolean signalled = status > 128;
        boolean oom = oomKills() > oomKillsAtStart;
        return "{\"t\":\"candidate\",\"exit\":" + (signalled ? "null" : status) + ",\"signal\":"
                + (signalled ? status - 128 : "null") + ",\"oom\":" + oom + ",\"during\":" + Json.quote(during) + "}";
    }

    public boolean killedForMemory() {
        return oomKills() > oomKillsAtStart;
    }

    /** The kernel's count of OOM kills in this container's memory cgroup (v2, else v1). */
    private static long oomKills() {
        for (String file : new String[] {"/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control"}) {
            try {
                for (String line : Files.readAllLines(Path.of(file))) {
                    if (line.startsWith("oom_kill ")) {
                        return Long.parseLong(line.substring(9).trim());
                    }
                }
            } catch (IOException | RuntimeException e) {
                continue;
            }
        }
        return 0;
    }

    private static void relay(InputStream stderr) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = stderr.read(buf)) > 0) {
                    long before = RELAYED.getAndAdd(n);
                    if (before < RELAY_CAP) {
                        ERR.write(buf, 0, (int) Math.min(n, RELAY_CAP - before));
                        if (before + n >= RELAY_CAP) {
                            ERR.println("\n[arbiter: the candidate's further output was dropped]");
                        }
                    }
                }
            } catch (IOException e) {
                // the candidate ended
            }
        }, "arbiter-relay");
        t.setDaemon(true);
        t.start();
    }
}
