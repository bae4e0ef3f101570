package dev.arbiter.replay;

import dev.arbiter.router.RouteTask;
import java.util.List;
import java.util.Random;

/**
 * A routing policy under replay: it sees a task and the outcomes of its own earlier choices, never the matrix. It
 * picks one model among the candidates (in cascade mode it is asked again, without the models already tried).
 */
public interface Policy {
    String name();

    String choose(RouteTask task, List<String> candidates, Random random);

    /** The verified outcome of a model this policy chose. */
    void observe(RouteTask task, String model, double score, double cost);
}
