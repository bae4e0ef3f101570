package dev.arbiter.solve;

import java.util.List;
import java.util.Map;

/**
 * How people ask, for the measurement only: written apart from the cue table of {@link DimensionCues} (and not
 * tuned against it), several per dimension, varied in length and wording, some deliberately indirect. {@code {A}} is
 * a source language's name, {@code {B}} a target's, {@code {F}} a test framework, {@code {D}} a problem description,
 * {@code {N}} a function name.
 */
final class MeasurementPhrasings {
    static final List<String> BUG_FIXING = List.of(
            "This function gives the wrong answer on some inputs. Can you find the problem and correct it?",
            "Something is off in this code, the results are not what I expect. Please sort it out.",
            "My implementation below fails on a few test cases. What's wrong with it?",
            "Find and fix the bug:",
            "This is supposed to work but it doesn't. Help me debug it.",
            "There is a one-line mistake in this program. Correct it and send back the whole program.");

    static final List<String> TEST_GENERATION = List.of(
            "Write unit tests for the following function.",
            "Can you give me a thorough set of test cases for this code, including edge cases?",
            "Generate a test suite for this.",
            "I need tests for this function before I merge it.",
            "Create {F} tests that cover this implementation.",
            "Add tests that check how this behaves on empty and very large inputs.");

    static final List<String> CODE_REFACTORING = List.of(
            "Refactor this code to make it easier to read.",
            "Clean up this function; the behaviour must stay identical.",
            "This works but it's ugly. Can you restructure it?",
            "Improve the naming and readability of this code without changing what it does.",
            "Simplify this implementation.",
            "Make this more idiomatic.");

    static final List<String> MULTI_LANGUAGE = List.of(
            "Translate this {A} code to {B}.",
            "Port the following function from {A} to {B}.",
            "Convert this into {B}:",
            "Rewrite this {A} function in {B}, keeping the same behaviour.",
            "How would I write this in {B}?",
            "I need a {B} version of this {A} snippet.");

    /** Said before the raw signature and docstring; the empty phrasing sends the prompt alone. */
    static final List<String> CODE_COMPLETION = List.of(
            "",
            "Complete the following function.",
            "Finish this implementation:",
            "Fill in the body:",
            "",
            "Continue the code below.");

    static final List<String> ALGORITHM = List.of(
            "Solve the following problem efficiently:\n{D}",
            "Write an algorithm for this:\n{D}",
            "{D}\nGive an implementation with good time complexity.",
            "Implement {N}.\n{D}",
            "{D}");

    static final List<String> DATA_SCIENCE_TASKS = List.of(
            "I have a DataFrame with columns 'date' and 'sales'. Compute the 7-day rolling average of sales.",
            "Load data.csv and plot a histogram of the 'age' column.",
            "Fit a linear regression on X and y with scikit-learn and print the R^2 score.",
            "Given a numpy array, normalize each row to unit length.",
            "Group the orders table by customer_id and sum the amount column.",
            "Drop rows with missing values in the price column and compute the median price.",
            "Split the dataset into train and test sets (80/20) and train a random forest classifier.",
            "Compute the correlation matrix of the numeric columns and show it as a heatmap.",
            "Convert the 'timestamp' column to datetime and resample the data by month.",
            "One-hot encode the categorical columns of df.",
            "Remove values more than 3 standard deviations from the mean in each column.",
            "Pivot the table so that each product is a column and each month is a row.");
    static final List<String> DATA_SCIENCE_PREFIXES = List.of("", "In Python, ", "Using pandas: ", "Quick question: ");

    static final List<String> AGENT_SYSTEMS = List.of(
            "You are an autonomous software engineering agent working inside a git repository. You can call tools to read "
                    + "files, edit files and run shell commands. Make the smallest change that resolves the task, then run the test suite.",
            "You are a CLI coding assistant. Available tools: `shell` (run a command in the workspace) and `apply_patch` "
                    + "(edit files). Always inspect the repo before editing anything.",
            "You are a coding agent. Use the provided functions to explore the codebase, open files and write changes. "
                    + "When you are done, summarise the diff.",
            "# Tools\n\n## functions\n\nnamespace functions {\ntype read_file = (_: {path: string}) => any;\n"
                    + "type write_file = (_: {path: string, content: string}) => any;\ntype run = (_: {cmd: string}) => any;\n}\n"
                    + "Work step by step in the user's project.");
    static final List<String> AGENT_TASKS = List.of(
            "Implement `{N}` in {FILE} so that the tests pass.",
            "The function {N} in {FILE} is failing its tests; investigate and sort it out.",
            "Add input validation to {N} ({FILE}) and update the callers.",
            "Rename {N} in {FILE} to something clearer across the project and make sure everything still builds.");

    /** The test framework named by "{F}", per language. */
    static final Map<String, String> FRAMEWORKS = Map.of("python", "pytest", "java", "JUnit", "javascript", "Jest",
            "cpp", "GoogleTest", "go", "Go testing-package", "rust", "#[test]");
    /** How people name each language, used in turn. */
    static final Map<String, List<String>> NAMES = Map.of(
            "python", List.of("Python", "python", "Python 3"),
            "java", List.of("Java", "java"),
            "javascript", List.of("JavaScript", "JS", "Node.js"),
            "cpp", List.of("C++", "cpp"),
            "go", List.of("Go", "Golang"),
            "rust", List.of("Rust", "rust"));
    static final Map<String, String> EXTENSIONS = Map.of("python", "py", "java", "java", "javascript", "js", "cpp", "cpp",
            "go", "go", "rust", "rs");
    static final Map<String, String> FENCES = Map.of("python", "python", "java", "java", "javascript", "javascript",
            "cpp", "cpp", "go", "go", "rust", "rust");

    private MeasurementPhrasings() {
    }
}
