package dev.arbiter.solve;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The evidence of a message's programming language, in Arbiter's names (python, javascript, typescript, java, go,
 * cpp, c, rust, and a few more the verifier cannot run but the router can learn from): a language named in the
 * prose, fence info strings, file names, a shebang, and syntax signatures of the code. A translation request names
 * its target outright ({@link #translationTarget}).
 */
final class LanguageSignals {
    /** Weights: a fence tag or a named language alone decides; one syntax mark only leans. */
    static final double FENCE = 2.0;
    static final double MENTION = 2.0;
    /** "a Rust function", "in Go", "using Java": the request's own language, above a name in passing. */
    static final double MENTION_STRONG = 3.0;
    static final double FILE = 1.5;
    static final double SHEBANG = 2.0;
    static final double LIBRARY = 1.5;
    static final double SYNTAX_CAP = 2.5;

    /** Language names as they appear in a translation request, any case; the trailing guard keeps "c" out of "camel". */
    static final String NAME_ALTERNATION = "(python3?|javascript|typescript|node\\.?js|java|golang|go|c\\+\\+|cpp|c#|csharp|c|rust|ruby|php|"
            + "kotlin|swift|scala|bash|shell|sql|ts|js)(?![\\w+#])";
    private static final Map<String, String> ALIASES = new HashMap<>();
    private static final Map<String, Pattern> MENTIONS = new LinkedHashMap<>();
    private static final Map<String, List<Signature>> SYNTAX = new LinkedHashMap<>();
    /** Libraries and tools that belong to one language: "with pandas" says Python as well as "in Python" would. */
    private static final Map<String, Pattern> LIBRARIES = Map.of(
            "python", Pattern.compile("\\b(pandas|numpy|scipy|scikit-learn|sklearn|matplotlib|seaborn|django|flask|fastapi|pytest|pydantic|pip install|pytorch|jupyter)\\b",
                    Pattern.CASE_INSENSITIVE),
            "javascript", Pattern.compile("\\b(npm|react|express\\.js|expressjs|jquery|vue\\.js)\\b", Pattern.CASE_INSENSITIVE),
            "rust", Pattern.compile("\\b(cargo|tokio|serde|crates?\\.io|borrow checker)\\b", Pattern.CASE_INSENSITIVE),
            "java", Pattern.compile("\\b(spring boot|maven|gradle|junit|jvm)\\b", Pattern.CASE_INSENSITIVE),
            "go", Pattern.compile("\\b(goroutines?|gofmt|go mod|go test)\\b"));
    private static final Pattern FILE_NAME = Pattern.compile(
            "(?<![\\w/.-])(?:[\\w-]+/)*[\\w-]+\\.(py|pyi|ipynb|js|mjs|cjs|jsx|ts|tsx|java|go|cpp|cc|cxx|hpp|hh|c|rs|cs|rb|php|kt|swift|scala|sh|bash|sql)\\b(?![(\\w])");
    /** "not Python", "instead of Java": a language named to be avoided is no evidence for it. */
    private static final Pattern NEGATED = Pattern.compile("\\b(not|instead of|rather than|than|no)\\s+$", Pattern.CASE_INSENSITIVE);
    private static final Pattern STRONG_BEFORE = Pattern.compile("\\b(in|into|using|with|a|an|to)\\s+$", Pattern.CASE_INSENSITIVE);
    private static final Pattern STRONG_AFTER = Pattern.compile(
            "^\\s+(function|program|script|class|method|module|solution|implementation|snippet|code|file|version|struct|interface)\\b");
    private static final Pattern HEADER_LINE = Pattern.compile("^\\s*(//|#(?!include|!)|--- |\\+\\+\\+ |/\\*|\\*).*");
    private static final Pattern SHEBANG_LINE = Pattern.compile("(?m)^#!\\S*?(?:env\\s+)?(?:\\S*/)?(python[\\d.]*|node|bash|sh|zsh|ruby|php)\\b");
    private static final Pattern[] TARGETS = {
            Pattern.compile("\\b(?:translate|port|convert|transpile|migrate|rewrite|re-?implement|re-?write|redo)\\w*\\b[^.?!\\n]{0,60}?\\b(?:to|into|in|as|using)\\s+"
                    + "(?:idiomatic |modern |safe |plain |pure )?" + NAME_ALTERNATION, Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bfrom " + NAME_ALTERNATION + "\\s+(?:code\\s+)?(?:to|into)\\s+" + NAME_ALTERNATION, Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\b(?:equivalent|counterpart|version|same (?:code|function|program|logic|thing)) (?:of this |of it )?(?:in|for) "
                    + NAME_ALTERNATION, Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\b" + NAME_ALTERNATION + " (?:equivalent|version|port|translation) of\\b", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\b(?:write|do|implement|express|code|have|see) (?:this|it|that|the same)(?: \\w+)? (?:in|using) " + NAME_ALTERNATION,
                    Pattern.CASE_INSENSITIVE)};

    /** One mark of a language's syntax; its pattern runs only where one of its anchors occurs. */
    record Signature(Anchors anchors, Pattern pattern, double weight) {
    }

    static {
        alias("python", "python", "py", "python3", "py3", "pycon", "ipython", "pyi", "ipynb");
        alias("javascript", "javascript", "js", "node", "nodejs", "node.js", "jsx", "mjs", "cjs");
        alias("typescript", "typescript", "ts", "tsx");
        alias("java", "java");
        alias("go", "go", "golang");
        alias("cpp", "cpp", "c++", "cxx", "cc", "hpp", "hh");
        alias("c", "c", "h");
        alias("rust", "rust", "rs");
        alias("csharp", "csharp", "cs", "c#");
        alias("ruby", "ruby", "rb");
        alias("php", "php");
        alias("kotlin", "kotlin", "kt");
        alias("swift", "swift");
        alias("scala", "scala");
        alias("shell", "shell", "sh", "bash", "zsh", "console");
        alias("sql", "sql");

        mention("python", "\\b[Pp]ython( ?3)?\\b");
        mention("javascript", "\\b(JavaScript|Javascript|javascript|JS|Node\\.js|NodeJS|nodejs|node\\.js)(?!\\w)");
        mention("typescript", "\\b(TypeScript|Typescript|typescript|TS)\\b");
        mention("java", "\\b[Jj]ava\\b");
        mention("go", "\\b[Gg]olang\\b|\\bGo(?= (code|function|program|version|implementation|module|package|struct|routine|method|file|tests?|solution|"
                + "equivalent|script|service|binary|project|library)\\b)|\\bGo(?<=\\b(in|to|into|using|with|for|of|from) Go)\\b(?![-\\w])");
        mention("cpp", "\\bC\\+\\+|\\b[Cc]pp\\b|\\bCPP\\b|\\bc\\+\\+");
        mention("c", "\\bC(?<=\\b(in|to|into|using|with|of|from|plain|pure|ANSI|standard) C)(?![\\w+#])|\\bC(?= (code|function|program|implementation|version|"
                + "file|library|equivalent|header|struct|macro|compiler)\\b)");
        mention("rust", "\\b[Rr]ust\\b");
        mention("csharp", "\\bC#|\\b([Cc]sharp|CSharp|C Sharp)\\b");
        mention("ruby", "\\bRuby\\b");
        mention("php", "\\b(PHP|php)\\b");
        mention("kotlin", "\\bKotlin\\b");
        mention("swift", "\\bSwift(UI)?\\b");
        mention("scala", "\\bScala\\b");
        mention("shell", "\\b(Bash|bash|zsh|[Ss]hell script)\\b");
        mention("sql", "\\b(SQL|PostgreSQL|MySQL|SQLite)\\b");

        syntax("python", 1.0, "def ", "^[ \\t]*(async )?def \\w+\\s*\\([^)\\n]*\\)\\s*(->\\s*[^:\\n]+)?:");
        syntax("python", 1.0, "class ", "^[ \\t]*class \\w+(\\([^)\\n]*\\))?:[ \\t]*$");
        syntax("python", 1.0, "elif|else|try|finally|except|for |while |if |with ", "^[ \\t]*(elif\\b.*|else|try|finally|except\\b.*|(for \\w+(, ?\\w+)* in|while|if|with) [^{}\\n]+):\\s*(#.*)?$");
        syntax("python", 0.5, "import", "^[ \\t]*(from [\\w.]+ )?import [\\w., ]+$");
        syntax("python", 0.5, "true|false|none", "\\b(True|False|None)\\b");
        syntax("python", 1.0, "assert", "^[ \\t]*assert [^;\\n]+$");
        syntax("python", 0.5, "self.|lambda|range(|enumerate(|isinstance(|zip(|f\"|\"\"\"", "\\bself\\.\\w+|\\blambda \\w*( ?, ?\\w+)*:|\\b(range|enumerate|isinstance|zip)\\(|\\bf\"[^\"\\n]*\\{|\"\"\"");
        syntax("javascript", 1.5, "=>", "\\b(const|let|var) \\w+ = (\\([^)\\n]*\\)|\\w+) =>");
        syntax("javascript", 1.0, "function", "\\bfunction\\s*\\*?\\s*\\w*\\s*\\([^)$\\n]*\\)\\s*\\{");
        syntax("javascript", 1.0, "console.|module.exports|require(|document.|window.", "\\bconsole\\.(log|assert|error|warn)\\(|\\bmodule\\.exports\\b|\\brequire\\(['\"]|\\bdocument\\.|\\bwindow\\.");
        syntax("javascript", 0.5, "===|!==|undefined|const |import|export", "===|!==|\\bundefined\\b|\\bconst \\w+ = |^[ \\t]*import .* from ['\"]|^[ \\t]*export (default|const|function)\\b");
        syntax("typescript", 1.5, ":", "\\b(let|const|var|function)\\b[^\\n;]{0,60}:\\s*(string|number|boolean|any|void|unknown|never)\\b");
        syntax("typescript", 1.5, ")", "\\)\\s*:\\s*(string|number|boolean|void|any|Promise<[^>\\n]*>|\\w+\\[\\])\\s*(\\{|=>)");
        syntax("typescript", 0.7, "interface|type |as |readonly|private|public", "^[ \\t]*(export )?(interface|type) \\w+(<[^>\\n]*>)?\\s*(=|\\{)|\\bas (string|number|any|unknown)\\b|\\b(readonly|private|public) \\w+\\s*:\\s*\\w+");
        syntax("java", 1.5, "system.|import java.|string[] args|@override", "\\bSystem\\.(out|err)\\.print|^[ \\t]*import java\\.|\\bString\\[\\] args\\b|@Override\\b");
        syntax("java", 1.0, "public|private|protected", "\\b(public|private|protected)\\s+(static\\s+)?(final\\s+)?[\\w<>\\[\\], ]+\\s+\\w+\\s*\\([^)\\n]*\\)\\s*(throws [\\w, ]+)?\\{");
        syntax("java", 1.0, "package |arraylist|linkedlist|hashset|integer|boolean|double|character|list<", "^[ \\t]*package [\\w.]+;|\\b(ArrayList|LinkedList|HashSet|Integer|Boolean|Double|Character)\\b|\\bList<[A-Z]\\w*>");
        syntax("java", 0.3, "class |new ", "\\bclass \\w+\\s*(extends \\w+\\s*)?(implements [\\w, ]+)?\\{|\\bnew \\w+(<[^>\\n]*>)?\\(");
        syntax("go", 1.5, "package |func ", "^package \\w+[ \\t]*$|\\bfunc (\\(\\w+ \\*?\\w+\\) )?\\w+\\(");
        syntax("go", 1.0, ":= |fmt.|err != nil|testing.t|import (", "\\w+ := |\\bfmt\\.\\w+\\(|\\berr != nil\\b|\\*testing\\.T\\b|^import \\($");
        syntax("go", 1.0, "[]|map[", "\\[\\](int|string|float64|float32|byte|rune|bool|int64|interface\\{\\})\\b|\\bmap\\[\\w+\\]");
        syntax("cpp", 1.5, "#include|using namespace std", "^[ \\t]*#include\\s*<(iostream|vector|string|map|set|algorithm|unordered_map|unordered_set|bits/stdc\\+\\+\\.h|cmath|memory|queue|stack|sstream|utility|numeric)>|^[ \\t]*using namespace std\\s*;");
        syntax("cpp", 1.0, "std::|cout|cin|cerr|vector<|template|nullptr", "\\bstd::|\\b(cout|cin|cerr)\\s*(<<|>>)|\\bvector<|\\btemplate\\s*<|\\bnullptr\\b");
        syntax("cpp", 0.5, "#include|int main", "^[ \\t]*#include\\s*[<\"]|\\bint main\\s*\\(");
        syntax("c", 0.6, "#include", "^[ \\t]*#include\\s*<(stdio|stdlib|string|math|stdbool|stdint|ctype|assert|limits)\\.h>");
        syntax("c", 0.5, "printf|scanf|malloc|calloc|free", "\\b(printf|scanf|malloc|calloc|free)\\s*\\(");
        syntax("rust", 1.5, "fn |let mut|!", "\\bfn \\w+\\s*(<[^>\\n]*>)?\\s*\\(|\\blet mut\\b|\\b(println|print|format|vec|assert_eq|assert|panic|writeln)!\\s*[(\\[]");
        syntax("rust", 1.5, "use |#[|impl", "^[ \\t]*use (std|crate|super|self)::|#\\[(derive|test|cfg)|\\bimpl\\b(<[^>\\n]*>)?\\s+\\w+");
        syntax("rust", 1.0, "&|vec<|option<|result<|box<|rc<|arc<|.unwrap()|i32|i64|u8|u32|u64|usize|isize|f32|f64", "&(mut )?(str|self)\\b|\\b(Vec|Option|Result|Box|Rc|Arc)<|\\.unwrap\\(\\)|\\b(i32|i64|u8|u32|u64|usize|isize|f32|f64)\\b");
        syntax("csharp", 1.5, "using system|console.", "^[ \\t]*using System(\\.\\w+)*;|\\bConsole\\.(WriteLine|Write|ReadLine)\\(");
        syntax("csharp", 0.5, "namespace|string[]|var ", "^[ \\t]*namespace [\\w.]+[ \\t]*[;{]?$|\\bstring\\[\\]|\\bvar \\w+ = new\\b");
        syntax("ruby", 1.0, "end|puts|.each|require|attr_", "^[ \\t]*end[ \\t]*$|\\bputs\\b|\\.each( do)? \\||^[ \\t]*require ['\"]|\\battr_(accessor|reader)\\b");
        syntax("ruby", 0.7, "def ", "^[ \\t]*def \\w+[!?]?(\\([^)\\n]*\\))?[ \\t]*$");
        syntax("php", 2.0, "<?php|$this->|function", "<\\?php|\\$this->|\\bfunction \\w+\\(\\$");
        syntax("php", 0.7, "$", "\\$\\w+\\s*=[^=]");
        syntax("kotlin", 1.5, "fun |val ", "\\bfun \\w+\\(|\\bval \\w+(\\s*:\\s*\\w+)? = ");
        syntax("swift", 1.5, "func |import uikit|import foundation|import swiftui|guard let", "\\bfunc \\w+\\([^)\\n]*\\)\\s*->\\s*\\w+\\s*\\{|\\bimport (UIKit|Foundation|SwiftUI)\\b|\\bguard let\\b");
        syntax("scala", 1.5, "object |case class|def ", "\\bobject \\w+ (extends|\\{)|\\bcase class\\b|\\bdef \\w+(\\[[^\\]\\n]*\\])?\\([^)\\n]*\\)[ \\t]*:[ \\t]*[A-Z]\\w*[ \\t]*=");
        syntax("shell", 1.0, "if [|fi|done|esac|sudo |apt-get |echo $|export ", "^[ \\t]*if \\[\\[? |^[ \\t]*fi[ \\t]*$|^[ \\t]*(done|esac)[ \\t]*$|^[ \\t]*(sudo |apt-get |echo \\$|export \\w+=)");
        syntax("sql", 1.5, "select|insert into|create table|delete from|update ", "\\bSELECT\\b[^;]{0,200}?\\bFROM\\b|\\b(INSERT INTO|CREATE TABLE|DELETE FROM)\\b|\\bUPDATE \\w+ SET\\b");
    }

    private LanguageSignals() {
    }

    /** Arbiter's name of a language from a fence tag, extension or name, if it is one. */
    static Optional<String> canonical(String name) {
        return Optional.ofNullable(ALIASES.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The language a translation request in this prose asks for, if it asks for one. */
    static Optional<String> translationTarget(String prose) {
        for (Pattern p : TARGETS) {
            Matcher m = p.matcher(prose);
            if (m.find()) {
                return canonical(m.group(m.groupCount()).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    /** Adds one message's evidence, times {@code weight}, to the tally. */
    static void collect(MessageText m, double weight, String where, Tally<String> tally) {
        for (var e : MENTIONS.entrySet()) {
            Matcher mt = e.getValue().matcher(m.prose());
            while (mt.find()) {
                String before = m.prose().substring(Math.max(0, mt.start() - 14), mt.start());
                if (!NEGATED.matcher(before).find()) {
                    String after = m.prose().substring(mt.end(), Math.min(m.prose().length(), mt.end() + 16));
                    boolean strong = STRONG_BEFORE.matcher(before).find() || STRONG_AFTER.matcher(after).find();
                    tally.add(e.getKey(), (strong ? MENTION_STRONG : MENTION) * weight, "'" + mt.group() + "' " + where);
                    break;
                }
            }
        }
        LIBRARIES.forEach((lang, p) -> {
            Matcher lib = p.matcher(m.prose());
            if (lib.find()) {
                tally.add(lang, LIBRARY * weight, "'" + lib.group() + "' " + where);
            }
        });
        for (String tag : m.fenceTags()) {
            canonical(tag).ifPresent(lang -> tally.add(lang, FENCE * weight, "fence ```" + tag + " " + where));
        }
        Matcher file = FILE_NAME.matcher(m.prose() + "\n" + firstLines(m.code()));
        if (file.find()) {
            canonical(file.group(1)).ifPresent(lang -> tally.add(lang, FILE * weight, "file " + file.group() + " " + where));
        }
        Matcher shebang = SHEBANG_LINE.matcher(m.code());
        if (shebang.find()) {
            canonical(shebang.group(1).replaceAll("[\\d.]+$", "")).ifPresent(lang -> tally.add(lang, SHEBANG * weight, "shebang " + where));
        }
        collectSyntax(m.code(), m.codeLower(), weight, where, tally);
    }

    private static void collectSyntax(String code, String lower, double weight, String where, Tally<String> tally) {
        if (code.isBlank()) {
            return;
        }
        Map<String, Double> found = new LinkedHashMap<>();
        SYNTAX.forEach((lang, signatures) -> {
            double sum = 0;
            for (Signature s : signatures) {
                if (s.anchors().in(lower) && s.pattern().matcher(code).find()) {
                    sum += s.weight();
                }
            }
            if (sum > 0) {
                found.put(lang, Math.min(SYNTAX_CAP, sum));
            }
        });
        // TypeScript is JavaScript with types: its own marks decide, the JavaScript ones then count for it too.
        Double ts = found.get("typescript");
        if (ts != null && ts >= 1.0) {
            found.put("typescript", Math.min(SYNTAX_CAP, ts + found.getOrDefault("javascript", 0.0)));
            found.remove("javascript");
        }
        found.forEach((lang, s) -> tally.add(lang, s * weight, lang + " syntax " + where));
    }

    /** File names in code are read only from its first lines ("// main.go", "--- a/src/x.py"), not from attribute access. */
    private static String firstLines(String code) {
        StringBuilder head = new StringBuilder();
        code.lines().limit(3).filter(l -> HEADER_LINE.matcher(l).matches()).forEach(l -> head.append(l).append('\n'));
        return head.toString();
    }

    private static void alias(String canonical, String... names) {
        for (String n : names) {
            ALIASES.put(n, canonical);
        }
    }

    private static void mention(String lang, String regex) {
        MENTIONS.put(lang, Pattern.compile(regex));
    }

    private static void syntax(String lang, double weight, String anchors, String regex) {
        SYNTAX.computeIfAbsent(lang, k -> new java.util.ArrayList<>()).add(new Signature(Anchors.of(anchors), Pattern.compile(regex, Pattern.MULTILINE), weight));
    }
}
