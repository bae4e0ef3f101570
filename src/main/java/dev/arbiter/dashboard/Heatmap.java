package dev.arbiter.dashboard;

import java.util.List;

/** Mean verified score, cost and reward per model and dimension (or language), with counts, on the window's outcomes. */
public record Heatmap(String by, int experiences, List<String> models, List<String> columns, List<Cell> cells) {

    public record Cell(String model, String column, int count, double meanScore, double meanCost, double meanReward) {
    }
}
