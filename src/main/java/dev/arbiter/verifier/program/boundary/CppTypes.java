package dev.arbiter.verifier.program.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The C++ types that cross the boundary, spelled canonically ({@code std::vector<float>}): the built-in arithmetic
 * types, std::string and the standard containers, pairs, tuples, optionals and arrays of those. Anything else (a
 * pointer, a class of the candidate's, boost::any, a typedef) is not serializable and keeps the run in process.
 */
final class CppTypes {
    private static final Pattern TOKEN = Pattern.compile("\\s*(::|[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[<>,])");
    private static final Set<String> WORDS = Set.of("unsigned", "signed", "short", "long", "int", "char", "double");
    private static final Set<String> SIMPLE = Set.of("bool", "char", "float", "double", "size_t", "int8_t", "int16_t",
            "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "ptrdiff_t", "intmax_t", "uintmax_t");
    private static final Map<String, Integer> TEMPLATES = Map.ofEntries(Map.entry("vector", 1), Map.entry("deque", 1),
            Map.entry("list", 1), Map.entry("set", 1), Map.entry("multiset", 1), Map.entry("unordered_set", 1),
            Map.entry("map", 2), Map.entry("multimap", 2), Map.entry("unordered_map", 2), Map.entry("pair", 2),
            Map.entry("optional", 1), Map.entry("tuple", -1), Map.entry("array", -2));

    private final List<String> tokens;
    private int at;

    private CppTypes(List<String> tokens) {
        this.tokens = tokens;
    }

    /** The canonical spelling, or null when the type cannot cross the boundary. */
    static String canonical(String type) {
        if (type == null) {
            return null;
        }
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(type);
        int end = 0;
        while (m.lookingAt()) {
            tokens.add(m.group(1));
            end = m.end();
            m.region(end, type.length());
        }
        if (!type.substring(end).isBlank()) {
            return null;
        }
        CppTypes p = new CppTypes(tokens);
        String t = p.type();
        return t != null && p.at == tokens.size() ? t : null;
    }

    private String peek() {
        return at < tokens.size() ? tokens.get(at) : "";
    }

    private String type() {
        while (peek().equals("const")) {
            at++;
        }
        if (WORDS.contains(peek())) {
            List<String> words = new ArrayList<>();
            while (WORDS.contains(peek())) {
                words.add(tokens.get(at++));
            }
            return arithmetic(words);
        }
        String name = qualifiedName();
        if (name == null) {
            return null;
        }
        if (SIMPLE.contains(name)) {
            return name.endsWith("_t") ? "std::" + name : name;
        }
        if (name.equals("string")) {
            return "std::string";
        }
        Integer arity = TEMPLATES.get(name);
        if (arity == null || !peek().equals("<")) {
            return null;
        }
        at++;
        List<String> args = new ArrayList<>();
        while (true) {
            if (arity == -2 && args.size() == 1 && peek().matches("[0-9]+")) {
                args.add(tokens.get(at++));
            } else {
                String arg = type();
                if (arg == null) {
                    return null;
                }
                args.add(arg);
            }
            if (peek().equals(",")) {
                at++;
            } else if (peek().equals(">")) {
                at++;
                break;
            } else {
                return null;
            }
        }
        if ((arity > 0 && args.size() != arity) || (arity == -2 && args.size() != 2) || (arity == -1 && args.isEmpty())) {
            return null;
        }
        while (peek().equals("const")) {
            at++;
        }
        return "std::" + name + "<" + String.join(", ", args) + ">";
    }

    /** A name with an optional std:: qualification; any other namespace is not ours to serialize. */
    private String qualifiedName() {
        if (peek().equals("::")) {
            at++;
        }
        String first = peek();
        if (!first.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return null;
        }
        at++;
        if (!peek().equals("::")) {
            return first;
        }
        if (!first.equals("std")) {
            return null;
        }
        at++;
        String second = peek();
        if (!second.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return null;
        }
        at++;
        return second;
    }

    /** {@code unsigned long long int} and friends, normalised; {@code long double} too. */
    private static String arithmetic(List<String> words) {
        long longs = words.stream().filter("long"::equals).count();
        boolean unsigned = words.contains("unsigned");
        boolean signed = words.contains("signed");
        if (words.contains("double")) {
            return longs == 1 && words.size() == 2 ? "long double" : words.size() == 1 ? "double" : null;
        }
        if (words.contains("char")) {
            return words.size() == 1 ? "char" : words.size() == 2 && (unsigned || signed) ? String.join(" ", words) : null;
        }
        String base = words.contains("short") ? "short" : longs == 2 ? "long long" : longs == 1 ? "long" : "int";
        return unsigned ? "unsigned " + base : base;
    }
}
