package arbiter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Arbiter's Java shard runner: PID 1's child (the engine's init reaps orphans) of a shared-mode shard container,
 * root with only CHOWN/SETUID/SETGID/KILL, checking many candidates one after another with the same steps as strict
 * mode (run.sh) and the same judge (arbiter.Judge), except that javac is warm:
 * <ul>
 * <li>What is warm: one {@link CompileServer} JVM (uid 64001) compiles every job's two units, the judge's tests and
 * the candidate's classes, in parallel. It runs no candidate code and holds nothing of a job once it has answered.</li>
 * <li>What is fresh, per job: a directory /work/j&lt;n&gt; (the runner's, 0711) with the judge's part (root:64001 0750:
 * the meta file root 0400, the tests readable by the compiler, their classes) and the candidate's part (its own uid,
 * a uid no other job of the shard has, 0770 with the compiler's group); the judge's JVM (root) and the candidate's
 * JVMs (that uid, RLIMIT_NPROC at the runtime's process limit, heap sized as in a container of its own).</li>
 * <li>After each job every process of the job's uid is killed and gone, and the directory removed, before the next
 * starts; a job's uid is never used again in the shard.</li>
 * </ul>
 * Jobs arrive on stdin: "job &lt;id&gt; &lt;run-timeout-ms&gt; &lt;bytes&gt; &lt;compile-timeout-ms&gt;" and the files
 * (per file a line "size octal-mode name", then its bytes); "end" closes the shard. Each answer is one line
 * "@@result {json}" on stdout with the steps that ran ("compile", then "run" if it compiled), each with the exit code
 * (null when killed), why it was killed, its stdout (the judge's report, capped at 1 MiB) and stderr (capped at the
 * runtime's output cap), base64, and the byte counts seen.
 * <p>
 * Usage: ShardRunner &lt;uid-base&gt; &lt;output-cap-bytes&gt; &lt;max-processes&gt; [&lt;memory-mb&gt;]
 */
public final class ShardRunner {
    private static final String JUNIT = "/usr/share/java/junit4.jar:/usr/share/java/hamcrest-core.jar";
    private static final int COMPILER_UID = 64001;
    private static final int REPORT_CAP = 1 << 20;
    private static final int FLOOD_FACTOR = 16;
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final List<String> JAVAC = List.of("-nowarn", "-proc:none", "-implicit:none", "-encoding", "UTF-8");
    private static final List<String> JAVA = List.of("java", "-ea", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData", "-XX:SharedArchiveFile=/opt/arbiter/app.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-Xss16m");

    private final int uidBase;
    private final int outputCap;
    private final int nproc;
    private final int memoryMb;
    private Compiler compiler;

    private ShardRunner(int uidBase, int outputCap, int nproc, int memoryMb) {
        this.uidBase = uidBase;
        this.outputCap = outputCap;
        this.nproc = nproc;
        this.memoryMb = memoryMb;
    }

    public static void main(String[] args) throws Exception {
        PrintStream results = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.US_ASCII);
        System.setOut(System.err);
        DataInputStream jobs = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        // The engine copies the image's /work mode onto the tmpfs; candidates may pass through to their own
        // directory, nothing more.
        Files.setPosixFilePermissions(Path.of("/work"), PosixFilePermissions.fromString("rwx--x--x"));
        ShardRunner runner = new ShardRunner(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 0);
        runner.compiler = new Compiler();
        int served = 0;
        while (true) {
            String[] header = readLine(jobs).split(" ");
            if (header.length == 1 && header[0].equals("end")) {
                break;
            }
            if (header.length != 5 || !header[0].equals("job")) {
                throw new IOException("malformed job header");
            }
            byte[] data = new byte[Integer.parseInt(header[3])];
            jobs.readFully(data);
            String answer = runner.job(served++, Long.parseLong(header[2]), Long.parseLong(header[4]), data);
            results.println("@@result {\"id\":" + Json.quote(header[1]) + "," + answer + "}");
        }
        results.println("@@end");
        results.flush();
        runner.compiler.close();
        Runtime.getRuntime().halt(0);
    }

    /** One step's result, as the service reads it. */
    private record Step(String name, Integer exit, String killedBy, byte[] stdout, long stdoutSeen, byte[] stderr,
            long stderrSeen, double ms) {
        String json() {
            return "{\"name\":\"" + name + "\",\"exit\":" + exit + ",\"killedBy\":" + (killedBy == null ? "null" : "\"" + killedBy + "\"")
                    + ",\"stdout\":\"" + Base64.getEncoder().encodeToString(stdout) + "\",\"stdoutSeen\":" + stdoutSeen
                    + ",\"stderr\":\"" + Base64.getEncoder().encodeToString(stderr) + "\",\"stderrSeen\":" + stderrSeen
                    + ",\"ms\":" + Math.round(ms * 100) / 100.0 + "}";
        }

        boolean succeeded() {
            return killedBy == null && exit != null && exit == 0;
        }
    }

    private String job(int n, long runTimeoutMs, long compileTimeoutMs, byte[] data) throws IOException, InterruptedException {
        int uid = uidBase + n;
        Path w = Path.of("/work", "j" + n);
        List<Step> steps = new ArrayList<>();
        try {
            Files.createDirectory(w);
            Files.setPosixFilePermissions(w, PosixFilePermissions.fromString("rwx--x--x"));
            unpack(w, data);
            Step compile = compile(w, uid, compileTimeoutMs);
            if (compiler.spoiled()) {
                compiler.close();
                compiler = new Compiler();
            }
            steps.add(compile);
            if (compile.succeeded()) {
                steps.add(run(w, uid, runTimeoutMs));
            }
        } catch (IOException | RuntimeException e) {
            // The runner could not set the job up or lost its compiler: an infrastructure failure, never a verdict.
            e.printStackTrace();
            cleanUp(uid, w);
            return "\"unavailable\":" + Json.quote("the shard runner could not check this job: " + e);
        }
        cleanUp(uid, w);
        StringBuilder json = new StringBuilder("\"steps\":[");
        for (int i = 0; i < steps.size(); i++) {
            json.append(i == 0 ? "" : ",").append(steps.get(i).json());
        }
        return json.append(']').toString();
    }

    /** The job's files, flat in its directory, owned by root with the modes the service gave them. */
    private static void unpack(Path w, byte[] data) throws IOException {
        int at = 0;
        while (at < data.length) {
            int end = at;
            while (data[end] != '\n') {
                end++;
            }
            String[] f = new String(data, at, end - at, StandardCharsets.UTF_8).split(" ", 3);
            int size = Integer.parseInt(f[0]);
            String name = f[2];
            if (!name.matches("[A-Za-z0-9_.$-]+") || name.startsWith(".")) {
                throw new IOException("a file name this runner does not take: " + name);
            }
            Path file = w.resolve(name);
            Files.write(file, java.util.Arrays.copyOfRange(data, end + 1, end + 1 + size));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode(Integer.parseInt(f[1], 8))));
            at = end + 1 + size;
        }
    }

    private static String mode(int bits) {
        String rwx = "rwxrwxrwx";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            s.append((bits & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return s.toString();
    }

    /**
     * run.sh's compile step with the warm compiler: the judge's files into judge/ and the candidate's only file into
     * cand/ before anything compiles; in process mode both units at once (the judge's against the stubs, without
     * any candidate class); in the fallback the tests after the candidate, against its classes, into run/tests.
     */
    private Step compile(Path w, int uid, long timeoutMs) throws IOException, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Path j = w.resolve("judge");
        Path c = w.resolve("cand");
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(w.resolve("meta.properties"))) {
            meta.load(in);
        }
        String tc = meta.getProperty("testClass", "");
        if (!CLASS_NAME.matcher(tc).matches()) {
            throw new IOException("no test class in the meta file");
        }
        boolean process = "process".equals(meta.getProperty("mode"));
        dir(j, 0, COMPILER_UID, "rwxr-x---");
        Files.move(w.resolve("meta.properties"), j.resolve("meta.properties"));
        Files.move(w.resolve(tc + ".java"), j.resolve(tc + ".java"));
        own(j.resolve(tc + ".java"), 0, COMPILER_UID, "r--r-----");
        dir(j.resolve("classes"), COMPILER_UID, COMPILER_UID, "rwxr-xr-x");
        // Root here cannot enter a directory it handed over: the candidate's is filled first, then given away.
        Files.createDirectory(c);
        Files.move(w.resolve("Candidate.java"), c.resolve("Candidate.java"));
        own(c.resolve("Candidate.java"), uid, COMPILER_UID, "rw-r-----");
        dir(c.resolve("classes"), uid, COMPILER_UID, "rwxrwx---");
        own(c, uid, COMPILER_UID, "rwxrwx---");
        List<String> candidate = javac(JUNIT, c.resolve("classes"), c.resolve("Candidate.java"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Compiler.Answer cand;
        if (process) {
            CompletableFuture<Compiler.Answer> judge = compiler.submit(javac("/opt/arbiter/arbiter.jar:" + JUNIT,
                    j.resolve("classes"), j.resolve(tc + ".java")));
            cand = compiler.await(compiler.submit(candidate), deadline);
            Compiler.Answer judged = cand == null ? null : compiler.await(judge, deadline);
            if (cand == null || judged == null) {
                return timedOut("compile", started);
            }
            write(err, strip(cand.output(), c));
            if (cand.status() == 0 && judged.status() != 0) {
                write(err, "the tests do not compile against the candidate's signatures:\n" + strip(judged.output(), j));
                return compiled(judged.status(), err, started);
            }
        } else {
            cand = compiler.await(compiler.submit(candidate), deadline);
            if (cand == null) {
                return timedOut("compile", started);
            }
            write(err, strip(cand.output(), c));
            if (cand.status() == 0) {
                Path r = w.resolve("run");
                dir(r, 0, 0, "rwxr-xr-x");
                dir(r.resolve("tests"), COMPILER_UID, COMPILER_UID, "rwxr-xr-x");
                Compiler.Answer tests = compiler.await(compiler.submit(javac("/opt/arbiter/arbiter.jar:" + JUNIT + ":"
                        + c.resolve("classes"), r.resolve("tests"), j.resolve(tc + ".java"))), deadline);
                if (tests == null) {
                    return timedOut("compile", started);
                }
                write(err, strip(tests.output(), j));
                return compiled(tests.status(), err, started);
            }
        }
        return compiled(cand.status(), err, started);
    }

    private static List<String> javac(String classPath, Path out, Path source) {
        List<String> args = new ArrayList<>(JAVAC);
        args.addAll(List.of("-cp", classPath, "-d", out.toString(), source.toString()));
        return args;
    }

    /** Diagnostics as javac prints them when run in that directory (strict mode): file names relative to it. */
    private static String strip(String output, Path dir) {
        return output.replace(dir + "/", "");
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private Step compiled(int status, ByteArrayOutputStream err, long started) {
        byte[] all = err.toByteArray();
        byte[] kept = java.util.Arrays.copyOf(all, Math.min(all.length, outputCap));
        return new Step("compile", status, null, new byte[0], 0, kept, all.length, ms(started));
    }

    /** A step that ran out of time: a compile that did so also cost the warm compiler, which is replaced. */
    private Step timedOut(String name, long started) throws IOException {
        if (name.equals("compile")) {
            compiler.close();
            compiler = new Compiler();
        }
        return new Step(name, null, "timeout", new byte[0], 0, new byte[0], 0, ms(started));
    }

    /** run.sh's run step: the judge (root) in the job's judge directory; it starts the candidate's JVMs itself. */
    private Step run(Path w, int uid, long timeoutMs) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path j = w.resolve("judge");
        List<String> cmd = new ArrayList<>(JAVA);
        cmd.add("-Djava.io.tmpdir=" + j);
        if (memoryMb > 0) {
            cmd.add("-XX:MaxRAM=" + memoryMb + "m");
            cmd.add("-Darbiter.maxram=" + memoryMb + "m");
        }
        cmd.addAll(List.of("-Darbiter.work=" + w, "-Darbiter.uid=" + uid, "-Darbiter.nproc=" + nproc,
                "-cp", "/opt/arbiter/arbiter.jar:" + JUNIT + ":" + j.resolve("classes"), "arbiter.Judge"));
        ProcessBuilder b = new ProcessBuilder(cmd).directory(j.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        b.environment().clear();
        b.environment().putAll(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", "/work", "TMPDIR", j.toString(),
                "LANG", "C.UTF-8"));
        Process judge = b.start();
        Capture report = new Capture(judge.getInputStream(), REPORT_CAP, Long.MAX_VALUE, null);
        Capture output = new Capture(judge.getErrorStream(), outputCap, (long) FLOOD_FACTOR * outputCap, judge);
        boolean ended = judge.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
        String killedBy = null;
        if (!ended) {
            killedBy = "timeout";
            judge.destroyForcibly();
            killAll(uid);
            judge.waitFor();
        }
        report.join();
        output.join();
        if (killedBy == null && output.flooded) {
            killedBy = "output_limit";
        }
        return new Step("run", killedBy == null ? judge.exitValue() : null, killedBy, report.kept(), report.seen,
                output.kept(), output.seen, ms(started));
    }

    /** A process's stream, read to its end: up to {@code cap} bytes kept, all counted; past {@code flood}, killed. */
    private static final class Capture extends Thread {
        private final InputStream in;
        private final int cap;
        private final long flood;
        private final Process process;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile long seen;
        private volatile boolean flooded;

        Capture(InputStream in, int cap, long flood, Process process) {
            this.in = in;
            this.cap = cap;
            this.flood = flood;
            this.process = process;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    int room = cap - kept.size();
                    if (room > 0) {
                        kept.write(buf, 0, Math.min(n, room));
                    }
                    seen += n;
                    if (seen > flood && !flooded) {
                        flooded = true;
                        process.destroyForcibly();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        byte[] kept() {
            return kept.toByteArray();
        }
    }

    /**
     * Nothing of the job outlives it: every process of its uid is killed (as that uid: kill -1 reaches all of them
     * and nothing else) until none is left, then its directory is taken back (root may chown, and owns what it
     * chowned; links are never followed) and removed.
     */
    private static void cleanUp(int uid, Path w) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!processesOf(uid).isEmpty()) {
            if (System.nanoTime() > deadline) {
                StringBuilder left = new StringBuilder();
                for (long pid : processesOf(uid)) {
                    try {
                        left.append(' ').append(Files.readString(Path.of("/proc", Long.toString(pid), "stat")).strip());
                    } catch (IOException e) {
                        left.append(' ').append(pid).append(" (gone)");
                    }
                }
                System.err.println("processes of uid " + uid + " outlived their job:" + left);
                Runtime.getRuntime().halt(3); // the shard ends; its waiting jobs become indeterminate, never wrong
            }
            killAll(uid);
            sleep();
        }
        try {
            if (Files.exists(w, LinkOption.NOFOLLOW_LINKS)) {
                remove(w);
            }
        } catch (IOException e) {
            System.err.println("cannot remove " + w + ": " + e);
            Runtime.getRuntime().halt(3);
        }
    }

    private static void remove(Path p) throws IOException {
        Files.setAttribute(p, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
            try (var children = Files.list(p)) {
                for (Path child : children.toList()) {
                    remove(child);
                }
            }
        }
        Files.delete(p);
    }

    private static void sleep() throws InterruptedException {
        Thread.sleep(5);
    }

    private static void killAll(int uid) throws InterruptedException {
        as(uid, List.of("bash", "-c", "kill -9 -1")); // bash's own kill: the image has no kill program
    }

    /** Runs a command as {@code uid} with every capability and group dropped, and waits for it. */
    private static void as(int uid, List<String> command) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--"));
        cmd.addAll(command);
        try {
            new ProcessBuilder(cmd).directory(new java.io.File("/")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("cannot run " + cmd + ": " + e);
        }
    }

    /** Processes of the uid in this container, zombies included (they still hold a pid until reaped). */
    private static List<Long> processesOf(int uid) {
        List<Long> found = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    for (String line : Files.readAllLines(p.resolve("status"))) {
                        if (line.startsWith("Uid:")) {
                            if (Integer.parseInt(line.split("\\s+")[1]) == uid) {
                                found.add(Long.parseLong(name));
                            }
                            break;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    continue; // it ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }

    private static void dir(Path dir, int uid, int gid, String mode) throws IOException {
        Files.createDirectory(dir);
        own(dir, uid, gid, mode);
    }

    /** Sets the mode first, then the owner: root keeps no access it would need after handing a path over. */
    private static void own(Path path, int uid, int gid, String mode) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        Files.setAttribute(path, "unix:gid", gid);
        Files.setAttribute(path, "unix:uid", uid);
    }

    private static double ms(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e6;
    }

    private static String readLine(DataInputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("the job stream ended without \"end\"");
            }
            if (line.size() > 256) {
                throw new IOException("a job header is too long");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** The warm compiler's JVM (uid 64001) and the requests it has not answered yet. */
    private static final class Compiler {
        record Answer(int status, String output) {
        }

        private final Process process;
        private final DataOutputStream requests;
        private final Map<Integer, CompletableFuture<Answer>> waiting = new ConcurrentHashMap<>();
        private int next;
        private boolean spoiled;

        Compiler() throws IOException {
            List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + COMPILER_UID, "--regid=" + COMPILER_UID,
                    "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--"));
            // C1 only: over a shard's 64 jobs, C2's compilations of javac cost more CPU than they save (60 HumanEval
            // compilations in one JVM: 5.3 s of CPU with C1 only, 9.8 s with both tiers).
            cmd.addAll(List.of("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                    "-XX:SharedArchiveFile=/opt/arbiter/javac.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-Xss16m",
                    "-Xmx192m", "-Djava.io.tmpdir=/tmp", "-cp", "/opt/arbiter/arbiter.jar", "arbiter.CompileServer"));
            ProcessBuilder b = new ProcessBuilder(cmd).directory(new java.io.File("/"))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            b.environment().clear();
            b.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8", "HOME", "/"));
            process = b.start();
            requests = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
            Thread reader = new Thread(this::read, "arbiter-compiler-answers");
            reader.setDaemon(true);
            reader.start();
        }

        synchronized CompletableFuture<Answer> submit(List<String> arguments) throws IOException {
            int id = next++;
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            waiting.put(id, answer);
            requests.writeInt(id);
            requests.writeInt(arguments.size());
            for (String a : arguments) {
                requests.writeUTF(a);
            }
            requests.flush();
            return answer;
        }

        /** The answer, or null when the deadline passed first. A compiler that failed is replaced by the caller. */
        Answer await(CompletableFuture<Answer> answer, long deadlineNanos) throws InterruptedException {
            try {
                Answer a = answer.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                // javac's abnormal ends (a system error, a crash such as running out of memory on the source it was
                // given) are the candidate's compile failing, as they are on the command line; the compiler that
                // had them is not trusted with another job.
                spoiled |= a.status() > 2;
                return a;
            } catch (TimeoutException e) {
                return null;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("the warm compiler ended: " + e.getCause().getMessage());
            }
        }

        private void read() {
            DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream()));
            try {
                while (true) {
                    int id = in.readInt();
                    int status = in.readInt();
                    byte[] text = new byte[in.readInt()];
                    in.readFully(text);
                    CompletableFuture<Answer> f = waiting.remove(id);
                    if (f != null) {
                        f.complete(new Answer(status, new String(text, StandardCharsets.UTF_8)));
                    }
                }
            } catch (IOException e) {
                waiting.values().forEach(f -> f.completeExceptionally(new IOException("the warm compiler ended")));
            }
        }

        boolean spoiled() {
            return spoiled;
        }

        void close() {
            try {
                requests.close();
            } catch (IOException ignored) {
                // it is being replaced anyway
            }
            process.destroyForcibly();
            try {
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
