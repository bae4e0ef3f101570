package dev.arbiter.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * What happened lately: activity per minute, the verifications' pass rate, the recorded outcomes, and the money spent
 * against two baselines computed on the same decisions.
 */
public record Overview(Window window, List<MinuteActivity> perMinute, Verifications verifications, Outcomes outcomes,
        Money money) {

    /** The experiences the outcome figures are computed on (the newest {@code experiences}) and the minutes shown. */
    public record Window(int experiences, int minutes, Instant from, Instant to) {
    }

    /**
     * One minute: routing decisions made (all replicas on a shared store), verifications finished (this replica),
     * and feedback recorded (outcomes in the window).
     */
    public record MinuteActivity(Instant start, long decisions, long verifications, long passed, long failed,
            long indeterminate, long feedback) {
    }

    /** Verifications of this replica in the minutes shown; the pass rate counts passed among passed and failed. */
    public record Verifications(long total, long passed, long failed, long indeterminate, Double passRate) {
    }

    /** The recorded outcomes in the window: how many, of how many decisions, their mean score and reward. */
    public record Outcomes(int experiences, int decisions, Double meanScore, Double meanReward) {
    }

    /**
     * USD spent on the window's outcomes, and what the same decisions would have cost with one model every time:
     * {@code saved} is the baseline's cost minus {@code spent}.
     */
    public record Money(double spent, Baseline mostExpensive, Baseline bestSingle) {
    }

    /**
     * A baseline: the model (for the most expensive baseline, the one most often the dearest candidate), what it
     * would have cost on every decision of the window (its expected cost in each decision's ranking), the saving,
     * and, for the best single model, its mean score and reward on its own recorded outcomes.
     */
    public record Baseline(String model, double cost, double saved, Double meanScore, Double meanReward) {
    }
}
