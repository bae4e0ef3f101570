package dev.arbiter.router;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Route a task: optionally only among some models, and only to models expected to cost at most maxCost (USD). */
public record RouteRequest(
        @NotNull @Valid RouteTask task,
        @Size(min = 1, max = 50) List<@NotBlank String> allowedModels,
        @PositiveOrZero Double maxCost) {
}
