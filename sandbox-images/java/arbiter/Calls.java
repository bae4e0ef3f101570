package arbiter;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The judge's side of a call into the candidate. The generated stub of each candidate class the tests use has
 * methods with the candidate's exact signatures whose bodies call {@link #call}: the arguments are sent as plain data,
 * the candidate process answers with its result and the final state of its mutable arguments, and the judge reads
 * both into fresh JDK objects of the declared types. The test then compares the judge's own values with the JDK's
 * own equals: nothing of the candidate's runs in this process.
 */
public final class Calls {
    /** A call that failed on the candidate's side: the test fails with this message. */
    public static final class CandidateFailure extends AssertionError {
        CandidateFailure(String message) {
            super(message);
        }
    }

    /** The runner and JUnit first (no candidate class can shadow them; the CDS archive's class path), then its classes. */
    private static final List<String> SERVER = List.of("-cp", "/opt/arbiter/arbiter.jar:/usr/share/java/junit4.jar:"
            + "/usr/share/java/hamcrest-core.jar:" + Candidate.DIR + "/classes",
            "arbiter.CallServer");
    private static final Map<Object, int[]> HANDLES = new IdentityHashMap<>();
    private static final List<String> ENDED = new ArrayList<>();
    private static Candidate candidate;
    private static int generation;
    static volatile String during = "load";

    private Calls() {
    }

    /** Starts the candidate JVM now, so that it boots while the judge loads the tests. */
    public static synchronized void startEarly() {
        if (candidate == null) {
            candidate = Candidate.start(SERVER);
            generation++;
        }
    }

    /** Kills the candidate (a test ran out of time); the next call starts a fresh one. */
    public static void kill() {
        Candidate c;
        synchronized (Calls.class) {
            c = candidate;
        }
        if (c != null) {
            c.kill();
        }
    }

    /** Report lines for candidate processes that ended, taken once. */
    public static synchronized List<String> endedLines() {
        if (candidate != null && !candidate.alive()) {
            noteEnd();
        }
        List<String> lines = new ArrayList<>(ENDED);
        ENDED.clear();
        return lines;
    }

    public static synchronized boolean killedForMemory() {
        return candidate != null && candidate.killedForMemory();
    }

    private static void noteEnd() {
        String line = candidate.endLine(during);
        if (line != null) {
            ENDED.add(line);
        }
        candidate = null;
    }

    public static synchronized Object call(Object self, Class<?> owner, String name, Class<?>[] params, Object... args) {
        Method m;
        try {
            m = owner.getDeclaredMethod(name, params);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("stub without its method: " + name, e);
        }
        if (candidate != null && !candidate.alive()) {
            noteEnd();
        }
        startEarly();
        Candidate c = candidate;
        try {
            int handle = self == null ? -1 : handle(c, self, owner);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(buf);
            d.writeByte('c');
            d.writeInt(handle);
            d.writeUTF(owner.getName());
            d.writeUTF(name);
            d.writeInt(params.length);
            for (Class<?> p : params) {
                d.writeUTF(p.getName());
            }
            for (Object a : args) {
                try {
                    Wire.write(d, a);
                } catch (Wire.NotPlainData e) {
                    throw new IllegalStateException("the test passes a value that cannot be sent to the candidate: "
                            + e.getMessage());
                }
            }
            send(c, buf);
            DataInputStream in = c.in;
            int reply = in.readUnsignedByte();
            if (reply == 'r') {
                Object result = Wire.read(in, m.getGenericReturnType() == void.class ? Object.class : m.getGenericReturnType(), true);
                Type[] types = m.getGenericParameterTypes();
                for (int i = 0; i < types.length; i++) {
                    Object after = Wire.read(in, types[i], true);
                    if (Wire.mutable(Wire.raw(types[i]))) {
                        Wire.update(args[i], after);
                    }
                }
                return result;
            }
            throw failure(reply, in);
        } catch (IOException e) {
            return died(c, e);
        }
    }

    private static int handle(Candidate c, Object self, Class<?> owner) throws IOException {
        int[] known = HANDLES.get(self);
        if (known != null && known[0] == generation) {
            return known[1];
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(buf);
        d.writeByte('n');
        d.writeUTF(owner.getName());
        send(c, buf);
        int reply = c.in.readUnsignedByte();
        if (reply != 'k') {
            throw failure(reply, c.in);
        }
        int handle = c.in.readInt();
        HANDLES.put(self, new int[] {generation, handle});
        return handle;
    }

    private static void send(Candidate c, ByteArrayOutputStream buf) throws IOException {
        c.out.writeInt(buf.size());
        buf.writeTo(c.out);
        c.out.flush();
    }

    /** The candidate threw (rebuilt as the same JDK exception when it is one) or sent something that is not data. */
    private static RuntimeException failure(int reply, DataInputStream in) throws IOException {
        if (reply == 'e') {
            String type = in.readUTF();
            String message = in.readUTF();
            Throwable rebuilt = rebuild(type, message.isEmpty() ? null : message);
            if (rebuilt instanceof RuntimeException r) {
                throw r;
            }
            if (rebuilt instanceof Error err) {
                throw err;
            }
            throw new RuntimeException(rebuilt);
        }
        if (reply == 'x') {
            throw new CandidateFailure(in.readUTF());
        }
        throw new CandidateFailure("the candidate process answered outside the call protocol");
    }

    private static Throwable rebuild(String type, String message) {
        try {
            Class<?> c = Class.forName(type, false, null);
            if (c == AssertionError.class) {
                return new AssertionError(message);
            }
            if (Throwable.class.isAssignableFrom(c)) {
                try {
                    return (Throwable) c.getConstructor(String.class).newInstance(message);
                } catch (NoSuchMethodException e) {
                    return (Throwable) c.getConstructor().newInstance();
                }
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // not a JDK exception: described below
        }
        return new RuntimeException("the candidate threw " + type + (message == null ? "" : ": " + message));
    }

    private static Object died(Candidate c, IOException cause) {
        if (c.alive()) {
            c.kill();
            throw new CandidateFailure("the call to the candidate failed: " + cause.getMessage());
        }
        String line = c.endLine(during);
        if (line != null) {
            ENDED.add(line);
        }
        if (candidate == c) {
            candidate = null;
        }
        int status = c.process.exitValue();
        throw new CandidateFailure("the candidate process ended (" + (status > 128 ? "signal " + (status - 128)
                : "exit " + status) + ") during the call");
    }
}
