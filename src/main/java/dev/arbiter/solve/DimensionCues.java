package dev.arbiter.solve;

import dev.arbiter.verifier.Dimension;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The cue table of {@link TaskInference}: phrases (and a few code marks) that say which dimension a request is, each
 * with a weight. Intent cues (what to do now: fix, test, explain...) are read in the prose; setting cues (a data
 * science stack, an agent with tools) in prose and code. Weights: 3 for a phrase that alone names the task
 * ("fix the bug", "write unit tests"), 2 for a strong hint, 1 or less for a word that only leans.
 */
final class DimensionCues {
    /** A dimension's sum within one message is capped, so that one long message cannot outvote the last one. */
    static final double MESSAGE_CAP = 5.0;

    /** Where a cue is looked for. */
    enum Where { PROSE, CODE, ANY }

    /**
     * One cue: a case-insensitive pattern, and its anchors: lower-case strings one of which any match contains. The
     * pattern runs only where an anchor occurs, since a regular expression costs tens of nanoseconds a character.
     */
    record Cue(Dimension dimension, Where where, double weight, Anchors anchors, Pattern pattern) {
    }

    private static final String LANG = LanguageSignals.NAME_ALTERNATION;
    private static final String VERB_TO_CODE = "[^.?!\\n]{0,60}?";

    static final List<Cue> ALL = List.of(
            // bug_fixing: an explicit fix, a symptom, or a failure trace.
            cue(Dimension.BUG_FIXING, 3, "fix", "\\bfix(es|ed|ing)?\\b(?! (the )?(formatting|style|indentation|typos?))"),
            cue(Dimension.BUG_FIXING, 2.5, "bug", "\\bbug(s|gy)?\\b|\\bdebug(ging)?\\b"),
            cue(Dimension.BUG_FIXING, 2.5, "n't|not|n’t|broken|stopped|no longer", "\\b(does ?n[o']t|does not|is ?n[o']t|not|stopped|no longer) (work|working|compil\\w*|run(ning)?|return\\w*)\\b|\\bbroken\\b"),
            cue(Dimension.BUG_FIXING, 2.5, "why", "\\bwhy (does|do|is|am|are|did)\\b[^?\\n]{0,60}\\b(fail\\w*|crash\\w*|throw\\w*|error\\w*|wrong|return\\w*|give\\w*|print\\w*|hang\\w*|loop\\w*)"),
            cue(Dimension.BUG_FIXING, 2.5, "test", "\\btests? (fail\\w*|are failing|do ?n[o']t pass|break)\\b|\\bfailing (unit )?tests?\\b|\\bmake (the |all )?(unit )?tests? pass\\b"),
            cue(Dimension.BUG_FIXING, 2, "crash|segfault|segmentation|infinite|off|overflow|null|panic", "\\b(crash(es|ed|ing)?|segfault\\w*|segmentation fault|infinite loop|off[- ]by[- ]one|stack ?overflow|null ?pointer|panick?(ed|s)?)\\b"),
            cue(Dimension.BUG_FIXING, 2, "wrong|mistake|fail|expect|correct", "\\bwhat('s| is) wrong\\b|\\b(mistakes?|typos? in the logic)\\b|\\b(fails?|breaks) (on|for|with|when)\\b|\\bnot what i (expect|want)\\w*|\\bcorrect (it|this|the (code|function|program|mistake|error))\\b"),
            cue(Dimension.BUG_FIXING, 1.5, "wrong|incorrect|unexpected|expected", "\\b(wrong|incorrect|unexpected) (output|result|answer|value|behaviou?r)s?\\b|\\bexpected\\b[^\\n]{0,40}\\bbut (got|it|returns?|prints?)\\b"),
            cue(Dimension.BUG_FIXING, 1, "error|exception|traceback|stack trace|repair", "\\b(error|exception|traceback|stack trace|repair)\\b(?! handling)"),
            cue(Dimension.BUG_FIXING, 2, Where.CODE, "traceback|error|exception|panicked|at ", "Traceback \\(most recent call last\\)|^\\s*\\w*(Error|Exception)(: |$)|thread '\\w+' panicked|^\\s+at [\\w.$]+\\(\\w+\\.java:\\d+\\)"),

            // test_generation: asked to produce tests.
            cue(Dimension.TEST_GENERATION, 3, "test|spec", "\\b(write|writing|generate|create|add|produce|give me|need|provide|draft|come up with)\\b" + VERB_TO_CODE
                    + "\\b(unit |integration |regression |property[- ]based |parametri[sz]ed )?(tests?|test cases|test suite|specs?)\\b(?! (fail|pass))"),
            cue(Dimension.TEST_GENERATION, 2, "unit|test|coverage", "\\bunit[- ]tests?\\b|\\btest (coverage|suite|harness)\\b|\\b(increase|improve) (the )?coverage\\b"),
            cue(Dimension.TEST_GENERATION, 1.5, "test|edge", "\\btests? (for|of|covering) (this|the|my|these|that|it)\\b|\\bedge[- ]cases?\\b.{0,30}\\btests?\\b"),
            cue(Dimension.TEST_GENERATION, 1, "pytest|junit|jest|mocha|vitest|unittest|gtest|googletest|testify|xunit|nunit|rspec|hypothesis", "\\b(pytest|junit|jest|mocha|vitest|unittest|gtest|googletest|testify|xunit|nunit|rspec|hypothesis)\\b"),

            // code_understanding: asked to explain, describe or document.
            cue(Dimension.CODE_UNDERSTANDING, 3, "explain|walk me|what", "\\bexplain\\w*\\b|\\bwalk me through\\b|\\bwhat (does|do|is) (this|the|that|these)\\b[^?\\n]{0,40}\\bdo(ing)?\\b"),
            cue(Dimension.CODE_UNDERSTANDING, 2.5, "describ|summar|natural language|plain|how does", "\\b(describe|summari[sz]e|summary of|natural language description|in plain (english|words))\\b|\\bhow does (this|it|the)\\b[^?\\n]{0,40}\\bwork"),
            cue(Dimension.CODE_UNDERSTANDING, 2, "docstring|documentation|comments|javadoc|document", "\\b(write|add|generate)\\b[^.?!\\n]{0,30}\\b(docstrings?|documentation|comments|javadoc)\\b|\\bdocument (this|the)\\b"),
            cue(Dimension.CODE_UNDERSTANDING, 1.5, "what|understand|meaning", "\\b(what is|what's) the (purpose|output|time complexity|complexity|result) of\\b|\\bunderstand\\b|\\bmeaning of\\b"),

            // code_refactoring: change the shape, keep the behaviour.
            cue(Dimension.CODE_REFACTORING, 3, "refactor|clean", "\\brefactor\\w*\\b|\\bclean(ing|ed)? (it |this |this code |the code |that )?up\\b|\\bclean ?up\\b"),
            cue(Dimension.CODE_REFACTORING, 2.5, "simplif|restructur|reorgani|modulari|moderni|decouple|tidy|smell", "\\bsimplif(y|ies|ied|ication)\\b|\\b(restructure|reorgani[sz]e|modulari[sz]e|modernize|decouple|tidy)\\b|\\bcode smells?\\b"),
            cue(Dimension.CODE_REFACTORING, 2.5, "more |improve|better", "\\bmore (readable|idiomatic|pythonic|maintainable|concise|elegant|modular|efficient|performant)\\b|\\b(improve|better) (the )?(readability|structure|design|naming|code quality|performance|efficiency)\\b"),
            cue(Dimension.CODE_REFACTORING, 2.5, "without changing|keep|duplicat", "\\bwithout changing (its |the |what it does|any )?(behaviou?r|functionality|output|semantics|result)?|\\bkeep(ing)? the (same )?(behaviou?r|functionality|semantics)\\b|\\b(remove|reduce|eliminate) (the )?(code )?duplicat\\w*"),
            cue(Dimension.CODE_REFACTORING, 2, "extract|split|rename", "\\bextract (a |an |the )?(method|function|class|helper|interface)\\b|\\bsplit (this|the|it) (function|method|class|into)\\b|\\brename\\b"),
            cue(Dimension.CODE_REFACTORING, 1.5, "optimi|rewrite|rework|use |replace", "\\boptimi[sz](e|ation)\\b|\\b(rewrite|rework)\\b|\\b(use|replace\\b.{0,30}\\bwith) (a )?(list comprehensions?|streams?|generators?|async/await|f-strings|dataclass\\w*|pattern matching)\\b"),
            cue(Dimension.CODE_REFACTORING, 1, "modify|change|update|edit|adapt", "\\b(modify|change|update|edit|adapt) (this|the|my) (code|function|method|class|program|implementation)\\b"),

            // multi_language: translate between named languages; the target language is the task's language.
            cue(Dimension.MULTI_LANGUAGE, 4, "translat|port|convert|transpil|migrat|rewrite|implement|re-write|redo", "\\b(translate|port|convert|transpile|migrate|rewrite|re-?implement|re-?write|redo)\\w*\\b" + VERB_TO_CODE
                    + "\\b(to|into|in|as|using)\\s+(idiomatic |modern |safe |plain |pure )?" + LANG),
            cue(Dimension.MULTI_LANGUAGE, 3, "write|do |implement|express|code|have|see", "\\b(write|do|implement|express|code|have|see) (this|it|that|the same)( \\w+)? (in|using) " + LANG),
            cue(Dimension.MULTI_LANGUAGE, 3.5, "from ", "\\bfrom " + LANG + "\\s+(code\\s+)?(to|into)\\s+" + LANG),
            cue(Dimension.MULTI_LANGUAGE, 3, "equivalent|counterpart|version|same |port|translation", "\\b(equivalent|counterpart|version|same (code|function|program|logic|thing)) (of this |of it )?(in|for) " + LANG
                    + "|" + LANG + " (equivalent|version|port|translation) of\\b"),

            // code_completion: finish what is there.
            cue(Dimension.CODE_COMPLETION, 3, "complete|finish|continue|fill", "\\b(complete|finish|continue|fill in|fill out)\\b[^.?!\\n]{0,40}\\b(function|method|code|implementation|snippet|program|class|body|line|blanks?|todo|stub|this|following)\\b"),
            cue(Dimension.CODE_COMPLETION, 2, "implement|fill|complete|goes|should go", "\\bimplement (the|this) (body|rest|missing|remaining|stub|todo)\\b|\\b(fill|complete) (in )?the (blank|missing|gap|todo)s?\\b|\\bwhat (goes|should go) (here|in the blank)\\b"),
            cue(Dimension.CODE_COMPLETION, 1.5, Where.CODE, "<fill|{{completion}}|your code here|todo|implement me|unimplemented!|____", "<FILL(_ME)?>|\\{\\{completion}}|#\\s*(your code here|todo: ?implement|implement me)|//\\s*(your code here|todo: ?implement)|\\btodo!\\(\\)|\\bunimplemented!\\(\\)|_{4,}"),

            // data_science: the stack and the words of data analysis; a setting, so a system message counts.
            cue(Dimension.DATA_SCIENCE, 2, Where.ANY, "pandas|pd.|dataframe|data frame|groupby|df[|df.", "\\bpandas\\b|\\bpd\\.\\w+|\\bdata ?frames?\\b|\\bgroupby\\b|\\bdf\\[|\\bdf\\.\\w+"),
            cue(Dimension.DATA_SCIENCE, 2, Where.ANY, "sklearn|scikit-learn|xgboost|lightgbm|statsmodels", "\\bsklearn\\b|\\bscikit-learn\\b|\\bxgboost\\b|\\blightgbm\\b|\\bstatsmodels\\b"),
            cue(Dimension.DATA_SCIENCE, 1.5, Where.ANY, "numpy|np.|scipy|matplotlib|plt.|seaborn|plotly", "\\bnumpy\\b|\\bnp\\.\\w+|\\bscipy\\b|\\bmatplotlib\\b|\\bplt\\.\\w+|\\bseaborn\\b|\\bplotly\\b"),
            cue(Dimension.DATA_SCIENCE, 1.5, Where.ANY, "torch|tensorflow|keras|jax|huggingface", "\\b(pytorch|torch|tensorflow|keras|jax|huggingface)\\b"),
            cue(Dimension.DATA_SCIENCE, 1, "dataset|regression|classifier|clustering|validation|feature engineering|time series|histogram|correlation|standard deviation|machine learning|model|data analysis|exploratory|outlier|missing values|jupyter|notebook", "\\b(dataset|regression|classifier|clustering|cross[- ]validation|feature engineering|time series|histogram|correlation|standard deviation|"
                    + "machine learning|train(ing)? (a |the )?model|data analysis|exploratory|outliers?|missing values|jupyter|notebook)\\b"),
            cue(Dimension.DATA_SCIENCE, 0.5, "csv|xlsx|parquet|plot|chart", "\\b(csv|xlsx|parquet|plot|chart)\\b"),

            // algorithm: competitive-programming statements and named algorithms.
            cue(Dimension.ALGORITHM, 2.5, "format|sample|constraint|standard|stdin|time limit", "\\b(input|output) format\\b|\\bsample (input|output)\\b|\\bconstraints?:|\\bstandard (input|output)\\b|\\bstdin\\b|\\btime limit\\b"),
            cue(Dimension.ALGORITHM, 2, "<|≤|10^|10**|modulo|1e9|leetcode|codeforces|atcoder|hackerrank|competitive", "\\d\\s*(<=|≤|<)\\s*[a-z_]\\w*(\\[i\\])?\\s*(<=|≤|<)\\s*\\d|\\b10\\^\\d|\\b10\\*\\*\\d|\\bmodulo 10\\^?9|\\b1e9\\s*\\+\\s*7|\\b(leetcode|codeforces|atcoder|hackerrank|competitive programming)\\b"),
            cue(Dimension.ALGORITHM, 1.5, "complexity|o(|efficient|optimal|fastest|algorithm", "\\b(time|space) complexity\\b|\\bO\\((n|log|1|m|k|n\\^?2)[^)]{0,12}\\)|\\b(efficient|optimal|fastest) (algorithm|solution|way)\\b|\\balgorithm\\b"),
            cue(Dimension.ALGORITHM, 1.25, "dynamic|memoi|greedy|backtrack|divide|binary search|pointers|sliding|dijkstra|bellman|floyd|kruskal|prim's|topological|union|disjoint|segment|fenwick|trie|first|bfs|dfs|shortest|spanning|knapsack|longest|sort|permutation|subsequence|graph|heap|priority", "\\b(dynamic programming|memoi[sz]ation|greedy|backtracking|divide and conquer|binary search|two pointers|sliding window|"
                    + "dijkstra|bellman[- ]ford|floyd|kruskal|prim's|topological sort|union[- ]find|disjoint set|segment tree|fenwick|trie|"
                    + "breadth[- ]first|depth[- ]first|bfs|dfs|shortest path|minimum spanning tree|knapsack|longest (common|increasing)|"
                    + "(quick|merge|heap|bubble|insertion|selection|radix|bucket|counting|topological) ?sort|permutations?|subsequences?|graph|heap|priority queue)\\b"),

            // code_generation: an explicit ask to write something new; low, it is also the default.
            cue(Dimension.CODE_GENERATION, 1, "write|implement|create|build|make|generate|code up|develop|design", "\\b(write|implement|create|build|make|generate|code up|develop|design)\\b[^.?!\\n]{0,40}\\b(function|program|script|class|method|module|app|application|api|cli|tool|code|solution|endpoint|service|component)\\b"),

            // agentic_programming: an agent acting on a repository with tools; a setting, read in every message.
            cue(Dimension.AGENTIC_PROGRAMMING, 2, Where.ANY, "agent", "\\byou are an? (autonomous |ai |expert |senior |interactive )*(coding |software( engineering)? |programming |developer |cli |terminal )?agent\\b|\\bagentic\\b"),
            cue(Dimension.AGENTIC_PROGRAMMING, 2, Where.ANY, "tool|function|command|<invoke", "^#+ ?tools\\b|\\bnamespace functions\\b|\\b(you have access to|you can (use|call)|available|use the following|following) (the following |these |several |a set of )?(tools|functions|commands)\\b|\\btool (calls?|use|results?)\\b|<tool_call>|<function_calls>|<invoke\\b|\"tool_calls\"|\\btool_use\\b"),
            cue(Dimension.AGENTIC_PROGRAMMING, 2, Where.ANY, "str_replace|apply_patch|edit_file|read_file|write_file|list_files|run_terminal_cmd|execute_command|search_replace|<<<|>>>", "\\b(str_replace(_editor|_based_edit_tool)?|apply_patch|edit_file|read_file|write_file|list_files|run_terminal_cmd|execute_command|search_replace)\\b|<{3,} SEARCH|>{3,} REPLACE"),
            cue(Dimension.AGENTIC_PROGRAMMING, 1.5, Where.ANY, "command|terminal|shell|sandbox", "\\b(run|execute|issue)\\b[^.\\n]{0,20}\\b(shell|bash|terminal) commands?\\b|\\b(in|from) the (terminal|shell)\\b|\\bsandbox(ed)? (environment|shell)\\b"),
            cue(Dimension.AGENTIC_PROGRAMMING, 1, "repo|codebase|working|workspace|git |pull request|open a pr|ci pipeline|github issue", "\\b(the|this|your|a|my) (repo|repository|codebase|monorepo|working (directory|tree)|workspace)\\b|\\bgit (diff|commit|status|checkout|log|branch)\\b|\\b(pull request|open a pr|ci pipeline|github issue)\\b"),
            cue(Dimension.AGENTIC_PROGRAMMING, 1, "file|director|folder", "\\b(edit|modify|create|open|read|write|navigate|explore|search) (the |any |multiple |relevant )?(files?|directories|folders)\\b|\\bacross (several |multiple )?files\\b"));

    private DimensionCues() {
    }

    private static Cue cue(Dimension d, double weight, String anchors, String regex) {
        return cue(d, weight, Where.PROSE, anchors, regex);
    }

    private static Cue cue(Dimension d, double weight, Where where, String anchors, String regex) {
        return new Cue(d, where, weight, Anchors.of(anchors), Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.MULTILINE));
    }
}
