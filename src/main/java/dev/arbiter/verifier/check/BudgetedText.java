package dev.arbiter.verifier.check;

/**
 * Text that a regular expression may read only so many characters of: java.util.regex has no timeout, and a pattern
 * from a request could otherwise backtrack for hours. Past the budget every read throws {@link Exhausted}.
 */
final class BudgetedText implements CharSequence {
    private final CharSequence text;
    private final long[] budget;

    BudgetedText(CharSequence text, long reads) {
        this(text, new long[] {reads});
    }

    private BudgetedText(CharSequence text, long[] budget) {
        this.text = text;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        if (--budget[0] < 0) {
            throw new Exhausted();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BudgetedText(text.subSequence(start, end), budget);
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** The pattern read more characters than it was allowed. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("regular expression step budget exhausted", null, false, false);
        }
    }
}
