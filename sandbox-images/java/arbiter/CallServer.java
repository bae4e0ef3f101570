package arbiter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;

/**
 * The candidate's side: runs in the candidate's JVM (uid 65534) with the candidate's classes, answers the judge's
 * calls on stdin/stdout. Arguments are read into the candidate method's declared parameter types; the result and
 * the arguments after the call go back through the strict writer. The candidate's own System.out goes to stderr.
 * Nothing here is trusted: the judge checks every byte it reads.
 */
public final class CallServer {
    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.setOut(System.err);
        System.setIn(InputStream.nullInputStream());
        Map<Integer, Object> instances = new HashMap<>();
        while (true) {
            int size;
            try {
                size = in.readInt();
            } catch (EOFException e) {
                return;
            }
            byte[] request = in.readNBytes(size);
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            answer(new DataInputStream(new ByteArrayInputStream(request)), new DataOutputStream(reply), instances);
            reply.writeTo(out);
            out.flush();
        }
    }

    private static void answer(DataInputStream req, DataOutputStream reply, Map<Integer, Object> instances)
            throws IOException {
        int op = req.readUnsignedByte();
        try {
            if (op == 'n') {
                Class<?> c = Class.forName(req.readUTF());
                Constructor<?> ctor = c.getDeclaredConstructor();
                ctor.setAccessible(true);
                Object instance = ctor.newInstance();
                int handle = instances.size() + 1;
                instances.put(handle, instance);
                reply.writeByte('k');
                reply.writeInt(handle);
                return;
            }
            int handle = req.readInt();
            Class<?> c = Class.forName(req.readUTF());
            String name = req.readUTF();
            String[] params = new String[req.readInt()];
            for (int i = 0; i < params.length; i++) {
                params[i] = req.readUTF();
            }
            Method m = find(c, name, params);
            Type[] types = m.getGenericParameterTypes();
            Object[] values = new Object[types.length];
            for (int i = 0; i < types.length; i++) {
                values[i] = Wire.read(req, types[i], false);
            }
            Object result = m.invoke(handle < 0 ? null : instances.get(handle), values);
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(data);
            d.writeByte('r');
            Wire.write(d, result);
            for (Object v : values) {
                Wire.write(d, v);
            }
            data.writeTo(reply);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            reply.writeByte('e');
            reply.writeUTF(cause.getClass().getName());
            reply.writeUTF(clip(String.valueOf(cause.getMessage() == null ? "" : cause.getMessage())));
        } catch (Wire.NotPlainData e) {
            reply.writeByte('x');
            reply.writeUTF(clip(e.getMessage()));
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            reply.writeByte('e');
            reply.writeUTF(e.getClass().getName());
            reply.writeUTF(clip(String.valueOf(e.getMessage())));
        }
    }

    private static Method find(Class<?> c, String name, String[] params) throws NoSuchMethodException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == params.length && same(m.getParameterTypes(), params)) {
                    m.setAccessible(true);
                    return m;
                }
            }
        }
        throw new NoSuchMethodException(c.getName() + "." + name);
    }

    private static boolean same(Class<?>[] types, String[] names) {
        for (int i = 0; i < types.length; i++) {
            if (!types[i].getName().equals(names[i])) {
                return false;
            }
        }
        return true;
    }

    private static String clip(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) : s;
    }
}
