package arbiter;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plain data across the judge / candidate boundary. Writing is strict: only the JDK's own value classes (boxed
 * primitives, String) and the JDK's own List / Set / Map / Optional classes (loaded by the boot loader, so never a
 * candidate subclass) and arrays of those cross; anything else is {@link NotPlainData}. Reading builds fresh JDK
 * objects of the DECLARED type only (a List where a List was declared, an Integer for int...), so whatever the
 * other side sends, the reader holds its own values and compares them with its own equals.
 */
public final class Wire {
    private static final int MAX_DEPTH = 64;
    private static final int MAX_ITEMS = 50_000_000;

    private Wire() {
    }

    /** A value that is not plain data: the call fails with this message. */
    public static final class NotPlainData extends IOException {
        public NotPlainData(String type) {
            super("the candidate returned a value that is not plain data (" + type + ")");
        }
    }

    public static void write(DataOutputStream out, Object v) throws IOException {
        write(out, v, 0);
    }

    private static void write(DataOutputStream out, Object v, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new NotPlainData("nested deeper than " + MAX_DEPTH);
        }
        if (v == null) {
            out.writeByte('N');
            return;
        }
        Class<?> c = v.getClass();
        if (c == Integer.class) {
            out.writeByte('I');
            out.writeInt((Integer) v);
        } else if (c == Long.class) {
            out.writeByte('J');
            out.writeLong((Long) v);
        } else if (c == Double.class) {
            out.writeByte('D');
            out.writeDouble((Double) v);
        } else if (c == Float.class) {
            out.writeByte('F');
            out.writeFloat((Float) v);
        } else if (c == Boolean.class) {
            out.writeByte('Z');
            out.writeBoolean((Boolean) v);
        } else if (c == Character.class) {
            out.writeByte('C');
            out.writeChar((Character) v);
        } else if (c == Byte.class) {
            out.writeByte('B');
            out.writeByte((Byte) v);
        } else if (c == Short.class) {
            out.writeByte('S');
            out.writeShort((Short) v);
        } else if (c == String.class) {
            out.writeByte('T');
            String s = (String) v;
            out.writeInt(s.length());
            out.writeChars(s);
        } else if (c.isArray()) {
            if (!jdk(leafComponent(c))) {
                throw new NotPlainData(c.getTypeName());
            }
            int n = Array.getLength(v);
            out.writeByte('A');
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                write(out, Array.get(v, i), depth + 1);
            }
        } else if (!jdk(c)) {
            throw new NotPlainData(c.getName());
        } else if (v instanceof List<?> l) {
            out.writeByte('L');
            items(out, l, depth);
        } else if (v instanceof Set<?> s) {
            out.writeByte('E');
            items(out, s, depth);
        } else if (v instanceof Map<?, ?> m) {
            out.writeByte('M');
            Object[] entries = m.entrySet().toArray();
            out.writeInt(entries.length);
            for (Object e : entries) {
                write(out, ((Map.Entry<?, ?>) e).getKey(), depth + 1);
                write(out, ((Map.Entry<?, ?>) e).getValue(), depth + 1);
            }
        } else if (v instanceof Optional<?> o) {
            out.writeByte('O');
            out.writeBoolean(o.isPresent());
            if (o.isPresent()) {
                write(out, o.get(), depth + 1);
            }
        } else {
            throw new NotPlainData(c.getName());
        }
    }

    private static void items(DataOutputStream out, Collection<?> c, int depth) throws IOException {
        Object[] items = c.toArray();
        out.writeInt(items.length);
        for (Object item : items) {
            write(out, item, depth + 1);
        }
    }

    /** Loaded by the boot loader: a JDK class, never one of the candidate's. */
    private static boolean jdk(Class<?> c) {
        return c.isPrimitive() || c.getClassLoader() == null;
    }

    private static Class<?> leafComponent(Class<?> c) {
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return c;
    }

    /** Reads one value as the declared type; {@code intern} makes strings behave like the literals they came from. */
    public static Object read(DataInputStream in, Type declared, boolean intern) throws IOException {
        return read(in, declared, intern, 0);
    }

    private static Object read(DataInputStream in, Type t, boolean intern, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("data nested deeper than " + MAX_DEPTH);
        }
        return body(in, in.readUnsignedByte(), t, intern, depth);
    }

    private static Object body(DataInputStream in, int tag, Type t, boolean intern, int depth) throws IOException {
        Class<?> raw = raw(t);
        if (tag == 'N') {
            if (raw.isPrimitive()) {
                throw mismatch(t, "null");
            }
            return null;
        }
        if (raw == Object.class || raw == Number.class || raw == Comparable.class || raw == java.io.Serializable.class) {
            return natural(in, tag, intern, depth);
        }
        switch (tag) {
            case 'I' -> {
                return expect(raw, int.class, Integer.class, in.readInt(), t);
            }
            case 'J' -> {
                return expect(raw, long.class, Long.class, in.readLong(), t);
            }
            case 'D' -> {
                return expect(raw, double.class, Double.class, in.readDouble(), t);
            }
            case 'F' -> {
                return expect(raw, float.class, Float.class, in.readFloat(), t);
            }
            case 'Z' -> {
                return expect(raw, boolean.class, Boolean.class, in.readBoolean(), t);
            }
            case 'C' -> {
                return expect(raw, char.class, Character.class, in.readChar(), t);
            }
            case 'B' -> {
                return expect(raw, byte.class, Byte.class, in.readByte(), t);
            }
            case 'S' -> {
                return expect(raw, short.class, Short.class, in.readShort(), t);
            }
            case 'T' -> {
                String s = string(in);
                if (raw != String.class && raw != CharSequence.class) {
                    throw mismatch(t, "String");
                }
                return intern ? s.intern() : s;
            }
            case 'L', 'E' -> {
                Collection<Object> c = collection(raw, tag == 'E', t);
                int n = count(in);
                Type item = typeArg(t, 0);
                for (int i = 0; i < n; i++) {
                    c.add(read(in, item, intern, depth + 1));
                }
                return c;
            }
            case 'M' -> {
                Map<Object, Object> m = map(raw, t);
                int n = count(in);
                Type k = typeArg(t, 0);
                Type v = typeArg(t, 1);
                for (int i = 0; i < n; i++) {
                    Object key = read(in, k, intern, depth + 1);
                    m.put(key, read(in, v, intern, depth + 1));
                }
                return m;
            }
            case 'O' -> {
                if (raw != Optional.class) {
                    throw mismatch(t, "Optional");
                }
                return in.readBoolean() ? Optional.ofNullable(read(in, typeArg(t, 0), intern, depth + 1)) : Optional.empty();
            }
            case 'A' -> {
                Type component = t instanceof GenericArrayType g ? g.getGenericComponentType()
                        : raw.isArray() ? raw.getComponentType() : null;
                if (component == null) {
                    throw mismatch(t, "array");
                }
                int n = count(in);
                Object array = Array.newInstance(raw(component), n);
                for (int i = 0; i < n; i++) {
                    Array.set(array, i, read(in, component, intern, depth + 1));
                }
                return array;
            }
            default -> throw new IOException("unknown data tag " + tag);
        }
    }

    /** A value read for a declared Object: the JDK type its tag names. */
    private static Object natural(DataInputStream in, int tag, boolean intern, int depth) throws IOException {
        return switch (tag) {
            case 'I' -> in.readInt();
            case 'J' -> in.readLong();
            case 'D' -> in.readDouble();
            case 'F' -> in.readFloat();
            case 'Z' -> in.readBoolean();
            case 'C' -> in.readChar();
            case 'B' -> in.readByte();
            case 'S' -> in.readShort();
            case 'T' -> intern ? string(in).intern() : string(in);
            case 'L' -> body(in, tag, List.class, intern, depth);
            case 'E' -> body(in, tag, Set.class, intern, depth);
            case 'M' -> body(in, tag, Map.class, intern, depth);
            case 'O' -> body(in, tag, Optional.class, intern, depth);
            case 'A' -> body(in, tag, Object[].class, intern, depth);
            default -> throw new IOException("unknown data tag " + tag);
        };
    }

    private static Object expect(Class<?> raw, Class<?> prim, Class<?> boxed, Object value, Type t) throws IOException {
        if (raw != prim && raw != boxed) {
            throw mismatch(t, boxed.getSimpleName());
        }
        return value;
    }

    private static IOException mismatch(Type declared, String got) {
        return new IOException("expected " + declared.getTypeName() + ", got " + got);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = count(in);
        StringBuilder b = new StringBuilder(Math.min(n, 1 << 16));
        for (int i = 0; i < n; i++) {
            b.append(in.readChar());
        }
        return b.toString();
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_ITEMS) {
            throw new IOException("bad length " + n);
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Collection<Object> collection(Class<?> raw, boolean set, Type t) throws IOException {
        if (raw.isInterface() || java.lang.reflect.Modifier.isAbstract(raw.getModifiers())) {
            if (set && raw.isAssignableFrom(LinkedHashSet.class)) {
                return new LinkedHashSet<>();
            }
            if (!set && raw.isAssignableFrom(ArrayList.class)) {
                return new ArrayList<>();
            }
            throw mismatch(t, set ? "Set" : "List");
        }
        if (!jdk(raw) || !Collection.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw) != set) {
            throw mismatch(t, set ? "Set" : "List");
        }
        try {
            return (Collection<Object>) raw.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw mismatch(t, set ? "Set" : "List");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Class<?> raw, Type t) throws IOException {
        if (raw.isInterface() && raw.isAssignableFrom(LinkedHashMap.class)) {
            return new LinkedHashMap<>();
        }
        if (!jdk(raw) || !Map.class.isAssignableFrom(raw) || raw.isInterface()) {
            throw mismatch(t, "Map");
        }
        try {
            return (Map<Object, Object>) raw.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw mismatch(t, "Map");
        }
    }

    public static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (t instanceof GenericArrayType g) {
            return Array.newInstance(raw(g.getGenericComponentType()), 0).getClass();
        }
        if (t instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        if (t instanceof TypeVariable<?> v) {
            return raw(v.getBounds()[0]);
        }
        return Object.class;
    }

    private static Type typeArg(Type t, int i) {
        if (t instanceof ParameterizedType p && p.getActualTypeArguments().length > i) {
            return p.getActualTypeArguments()[i];
        }
        return Object.class;
    }

    /** Whether values of this declared type can be changed in place by a callee (so they travel back). */
    public static boolean mutable(Class<?> raw) {
        return raw.isArray() || Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)
                || raw == Object.class;
    }

    /** Makes {@code mine} hold what {@code theirs} holds, in place; false when it cannot be changed. */
    @SuppressWarnings("unchecked")
    public static void update(Object mine, Object theirs) {
        if (mine == null || theirs == null || java.util.Objects.deepEquals(mine, theirs)) {
            return;
        }
        try {
            if (mine.getClass().isArray() && theirs.getClass().isArray() && Array.getLength(mine) == Array.getLength(theirs)) {
                for (int i = 0; i < Array.getLength(mine); i++) {
                    Array.set(mine, i, Array.get(theirs, i));
                }
            } else if (mine instanceof List<?> l && theirs instanceof List<?> r) {
                List<Object> target = (List<Object>) l;
                if (target.size() == r.size()) {
                    for (int i = 0; i < r.size(); i++) {
                        target.set(i, r.get(i));
                    }
                } else {
                    target.clear();
                    target.addAll(r);
                }
            } else if (mine instanceof Collection<?> c && theirs instanceof Collection<?> r) {
                ((Collection<Object>) c).clear();
                ((Collection<Object>) c).addAll(r);
            } else if (mine instanceof Map<?, ?> m && theirs instanceof Map<?, ?> r) {
                ((Map<Object, Object>) m).clear();
                ((Map<Object, Object>) m).putAll(r);
            }
        } catch (RuntimeException e) {
            // An unmodifiable argument: in one process the callee's change would have thrown there.
        }
    }
}
