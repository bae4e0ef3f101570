package dev.arbiter.verifier.check;

import dev.arbiter.verifier.Reason;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.Task.AnswerKey;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.Verdict.RuleReport;
import dev.arbiter.verifier.scoring.ConfidenceScorer.Evidence;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * code_understanding: the answer is text, scored by the task's answer key — the expected choice of a multiple-choice
 * question, facts the answer must state and claims it must not make (each a case-insensitive regular expression,
 * matched under a step budget so a hostile pattern cannot hang the service). Without a key the verdict is
 * indeterminate: nothing here can tell whether prose is right. Choice and facts are matched on the visible text only
 * ({@link VisibleText}: no HTML comments, hidden elements, zero-width characters, link targets, phrase-list code
 * blocks or repeats), and an answer that commits to several choices, or names most options as its own, names none.
 */
@ApplicationScoped
public class UnderstandingCheck {
    static final int MAX_TEXT = 100_000;
    private static final List<Pattern> CHOICE = List.of(
            Pattern.compile("(?i)\\b(?:final\\s+)?(?:answer|choice|option)(?:\\s+is)?[\\s*_(\\[:\\-]*([A-Z]|[0-9]{1,2})\\b(?![A-Za-z])"),
            Pattern.compile("(?i)^[\\s*_(\\[]*([A-Z]|[0-9]{1,2})[\\s*_)\\].:]*$"),
            Pattern.compile("(?m)^[\\s*_(\\[]*([A-Z])[)\\].:]\\s"));
    /** "Answer: B", "the final answer is (C)": a commitment; upper-case letters only ("the answer is a loop" is none). */
    private static final Pattern COMMITTED = Pattern.compile(
            "(?i:\\b(?:final\\s+)?answer(?:\\s+is)?)[\\s*_(\\[:\\-]*([A-Z]|[0-9]{1,2})\\b(?![A-Za-z])");
    /** An answer naming this many distinct options as "option X" / "X)" lines commits to none of them. */
    static final int MAX_NAMED_CHOICES = 2;

    public Checked check(Task task, String language, String text, long started) {
        String answer = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        AnswerKey key = task.answerKey();
        Verdict.Extraction extraction = new Verdict.Extraction(answer, "whole_text", null, 0, "a text answer, read whole");
        if (key == null || (key.choice() == null && empty(key.facts()) && empty(key.forbidden()))) {
            return new Checked(verdict(task, language, Status.INDETERMINATE, Reason.NO_ANSWER_KEY,
                    "the task has no answer key; a text answer cannot be checked without one", extraction, started),
                    new Evidence(Status.INDETERMINATE, task.dimension(), Reason.NO_ANSWER_KEY, false, 0, 0, null));
        }
        String visible = VisibleText.of(answer, line -> nonNull(key.facts()).stream().anyMatch(f -> matches(f, line)));
        String found = key.choice() == null ? null : choice(visible);
        List<String> factsFound = new ArrayList<>();
        List<String> factsMissing = new ArrayList<>();
        for (String fact : nonNull(key.facts())) {
            (matches(fact, visible) ? factsFound : factsMissing).add(fact);
        }
        List<String> forbiddenFound = nonNull(key.forbidden()).stream().filter(f -> matches(f, answer)).toList();
        int items = (key.choice() == null ? 0 : 1) + nonNull(key.facts()).size();
        boolean choiceOk = key.choice() != null && key.choice().equalsIgnoreCase(found);
        int satisfied = (choiceOk ? 1 : 0) + factsFound.size();
        double score = (items == 0 ? 1.0 : (double) satisfied / items) * Math.pow(0.5, forbiddenFound.size());
        score = Math.round(score * 10_000) / 10_000.0;
        boolean pass = satisfied == items && forbiddenFound.isEmpty();
        String detail = (key.choice() == null ? "" : "choice " + (found == null ? "not found" : found) + " (expected "
                + key.choice().toUpperCase(Locale.ROOT) + "); ")
                + factsFound.size() + " of " + nonNull(key.facts()).size() + " expected facts stated"
                + (forbiddenFound.isEmpty() ? "" : "; " + forbiddenFound.size() + " wrong claims made");
        RuleReport report = new RuleReport(key.choice(), found, factsFound, factsMissing, forbiddenFound, score);
        Status status = pass ? Status.PASSED : Status.FAILED;
        Reason reason = pass ? Reason.ANSWER_MATCHES_KEY : Reason.ANSWER_DIFFERS_FROM_KEY;
        return new Checked(verdict(task, language, status, reason, detail, extraction, started),
                new Evidence(status, task.dimension(), reason, false, 0, 0, null).withSignal("rules", score),
                null, null, report);
    }

    /**
     * The choice the answer commits to: "Answer: B", a bare "B", or a line starting "B)". Committing to two different
     * answers, or naming more than {@link #MAX_NAMED_CHOICES} options the same way, is no choice.
     */
    static String choice(String answer) {
        String stripped = answer.strip();
        String head = stripped.length() > 2_000 ? stripped.substring(0, 2_000) : stripped;
        Set<String> committed = labels(COMMITTED, stripped);
        if (committed.size() != 1 && !committed.isEmpty()) {
            return null;
        }
        if (committed.size() == 1) {
            return committed.iterator().next();
        }
        for (Pattern p : CHOICE) {
            if (labels(p, stripped).size() > MAX_NAMED_CHOICES) {
                return null;
            }
        }
        for (Pattern p : CHOICE) {
            Matcher m = p.matcher(head);
            if (m.find()) {
                return m.group(1).toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static Set<String> labels(Pattern p, String text) {
        Set<String> found = new java.util.LinkedHashSet<>();
        Matcher m = p.matcher(text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
        while (m.find() && found.size() <= 30) {
            found.add(m.group(1).toUpperCase(Locale.ROOT));
        }
        return found;
    }

    /** A key pattern found in the answer; a pattern that does not compile or runs out of steps counts as not found. */
    static boolean matches(String regex, String answer) {
        try {
            Pattern p = Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            return p.matcher(new BudgetedText(answer, 5_000_000)).find();
        } catch (PatternSyntaxException | BudgetedText.Exhausted e) {
            return false;
        }
    }

    private static Verdict verdict(Task task, String language, Status status, Reason reason, String detail,
            Verdict.Extraction extraction, long started) {
        return Verdict.builder(task.id(), language, status, reason, detail).extraction(extraction)
                .timings(new Verdict.Timings(CodeCheck.ms(started), null, null, null, null)).build();
    }

    private static boolean empty(List<String> l) {
        return l == null || l.isEmpty();
    }

    private static List<String> nonNull(List<String> l) {
        return l == null ? List.of() : l;
    }
}
