package dev.arbiter.verifier.signal.ast;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.treesitter.TSInputEncoding;
import org.treesitter.TSLanguage;
import org.treesitter.TSParser;
import org.treesitter.TSTree;
import org.treesitter.TreeSitterCpp;
import org.treesitter.TreeSitterGo;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterPython;
import org.treesitter.TreeSitterRust;

/**
 * What Tree-sitter needs to know of one language: its grammar, the node types that define a function (with the
 * field holding the name), the call node type, and the calls and snippets that are forbidden or placeholders.
 */
public record Grammar(
        String language,
        Supplier<TSLanguage> grammar,
        Set<String> definitionTypes,
        String callType,
        List<Pattern> forbiddenCalls,
        List<Pattern> placeholderCalls,
        Set<String> placeholderStatements) {

    static final List<Grammar> ALL = List.of(
            new Grammar("python", TreeSitterPython::new, Set.of("function_definition", "class_definition"), "call",
                    patterns("os\\.system", "os\\._exit", "sys\\.exit", "exit", "quit", "subprocess\\..*", "os\\.(popen|exec.*|spawn.*|fork|kill)",
                            "eval", "exec", "__import__", "setattr", "(builtins|unittest\\.mock)\\..*"),
                    patterns("NotImplementedError"), Set.of("pass_statement", "ellipsis")),
            new Grammar("javascript", TreeSitterJavascript::new, Set.of("function_declaration", "variable_declarator",
                    "method_definition", "generator_function_declaration"), "call_expression",
                    patterns("process\\.(exit|kill|abort)", "require", "eval", "Function", "child_process\\..*"),
                    patterns(), Set.of()),
            new Grammar("cpp", TreeSitterCpp::new, Set.of("function_declarator"), "call_expression",
                    patterns("(std::)?(system|exit|_exit|abort|quick_exit|fork|exec[lv]p?e?|popen|kill)"),
                    patterns(), Set.of()),
            new Grammar("go", TreeSitterGo::new, Set.of("function_declaration", "method_declaration"), "call_expression",
                    patterns("os\\.Exit", "exec\\.Command.*", "syscall\\..*", "os\\.(StartProcess|Kill)"),
                    patterns(), Set.of()),
            new Grammar("rust", TreeSitterRust::new, Set.of("function_item"), "call_expression",
                    patterns("(std::)?process::(exit|abort)", "(std::)?process::Command::new", "Command::new"),
                    patterns(), Set.of()));

    /** Rust macros that stand for "not written yet". */
    static final Pattern RUST_PLACEHOLDER_MACRO = Pattern.compile("(todo|unimplemented)");
    /** TODO / FIXME comments, in any language. */
    static final Pattern TODO_COMMENT = Pattern.compile("\\b(TODO|FIXME|XXX)\\b");

    /** The grammar of a language, if Tree-sitter serves it here. */
    public static java.util.Optional<Grammar> of(String language) {
        return ALL.stream().filter(g -> g.language().equals(language)).findFirst();
    }

    /**
     * Parses within the time cap; null when parsing took longer. Callers cap the size first and walk the tree with
     * an explicit stack. A LinkageError means the native parser could not be loaded.
     */
    public TSTree parse(String code) {
        return parse(code, TreeSitterAnalyzer.PARSE_TIMEOUT_MICROS);
    }

    /**
     * The binding wraps whatever the native parser returns: on a timeout that is a tree whose native pointer is 0,
     * and any use of it (its root node) crashes the JVM. Such a tree is returned as null here.
     */
    TSTree parse(String code, long timeoutMicros) {
        TSParser ts = new TSParser();
        ts.setLanguage(grammar.get());
        ts.setTimeoutMicros(timeoutMicros);
        TSTree tree = ts.parseStringEncoding(null, code, TSInputEncoding.TSInputEncodingUTF8);
        return tree == null || nativePointer(tree) == 0 ? null : tree;
    }

    private static final java.lang.reflect.Field TREE_POINTER = treePointer();

    private static java.lang.reflect.Field treePointer() {
        try {
            java.lang.reflect.Field f = TSTree.class.getDeclaredField("ptr");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new LinkageError("cannot read tree-sitter's tree pointer: " + e, e);
        }
    }

    private static long nativePointer(TSTree tree) {
        try {
            return TREE_POINTER.getLong(tree);
        } catch (IllegalAccessException e) {
            throw new LinkageError("cannot read tree-sitter's tree pointer: " + e, e);
        }
    }

    private static List<Pattern> patterns(String... regexes) {
        return java.util.Arrays.stream(regexes).map(Pattern::compile).toList();
    }
}
