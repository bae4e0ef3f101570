package arbiter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A shard's warm compiler: one long-lived JVM (uid 64001, no capabilities) that runs javac for the shard runner, so a
 * candidate's compilation pays neither the compiler's start nor its class loading and JIT warm-up. Each request is
 * one javac invocation with its own arguments (a fresh compilation context, as the command line gets), run on a
 * pool of two threads so the judge's and the candidate's units compile at once, each on a core.
 * <p>
 * javac runs no candidate code here: annotation processing is off (-proc:none), nothing is compiled implicitly and
 * the only paths it reads are the ones in the request. A candidate can still make javac slow or hungry; the runner
 * holds every request to its compile timeout and replaces this JVM when one runs out or javac itself fails.
 * <p>
 * Protocol on stdin/stdout (DataInput/DataOutput): request = id (int), argument count (int), arguments (UTF);
 * answer = id (int), javac's exit status (int), its output (int length + UTF-8 bytes, at most 64 KiB kept).
 */
public final class CompileServer {
    private static final int OUTPUT_CAP = 64 * 1024;

    public static void main(String[] args) throws Exception {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        System.setOut(System.err);
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "arbiter-javac");
            t.setDaemon(true);
            return t;
        });
        while (true) {
            int id;
            List<String> arguments = new ArrayList<>();
            try {
                id = in.readInt();
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    arguments.add(in.readUTF());
                }
            } catch (EOFException e) {
                break; // the runner closed the requests: the shard is over
            }
            pool.execute(() -> answer(out, id, compile(arguments)));
        }
        Runtime.getRuntime().halt(0);
    }

    private record Result(int status, String output) {
    }

    /** One javac invocation, as `javac ARGS` would run it (same entry point), its diagnostics kept. */
    private static Result compile(List<String> arguments) {
        StringWriter text = new StringWriter();
        int status;
        try (PrintWriter writer = new PrintWriter(text)) {
            status = com.sun.tools.javac.Main.compile(arguments.toArray(String[]::new), writer);
        } catch (Throwable e) { // javac itself failed (out of memory, say): the runner replaces this JVM
            text.append("javac failed: ").append(String.valueOf(e));
            status = 4;
        }
        return new Result(status, text.toString());
    }

    private static synchronized void answer(DataOutputStream out, int id, Result r) {
        byte[] text = r.output().getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, OUTPUT_CAP);
        try {
            out.writeInt(id);
            out.writeInt(r.status());
            out.writeInt(length);
            out.write(text, 0, length);
            out.flush();
        } catch (IOException e) {
            Runtime.getRuntime().halt(1); // the runner is gone
        }
    }
}
