package dev.arbiter.api;

import dev.arbiter.dashboard.Dashboard;
import dev.arbiter.dashboard.DecisionDetail;
import dev.arbiter.dashboard.DecisionSummary;
import dev.arbiter.dashboard.ExperienceView;
import dev.arbiter.dashboard.Heatmap;
import dev.arbiter.dashboard.Overview;
import dev.arbiter.quota.Quota;
import dev.arbiter.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The dashboard's data (the page itself is static, at /ui/): read-only aggregates of the routing store. They read
 * what {@code GET /v1/decisions/{id}} and feedback already expose to the route role, so the route role reads them.
 */
@Path("/v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dashboard", description = "Read-only figures for the dashboard: activity, money, models x dimensions, decisions")
@APIResponse(responseCode = "400", description = "A query parameter out of range, parameter by parameter",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@RolesAllowed(Roles.ROUTE)
@Quota
public class DashboardResource {
    /** The window's default: the newest thousand outcomes, a few days of a small deployment. */
    private static final String WINDOW = "1000";
    private final Dashboard dashboard;

    public DashboardResource(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @GET
    @Path("/overview")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Overview.class)))
    @Operation(summary = "Activity, pass rate and money", description = "Per minute of the last `minutes`: routing "
            + "decisions, verifications (this replica) and feedback; the pass rate; and, on the newest `experiences` "
            + "outcomes, USD spent against always the dearest candidate and always the best single model in hindsight.")
    public Overview overview(
            @Parameter(description = "Outcomes to compute on: the newest N, at most the memory's capacity")
            @QueryParam("experiences") @DefaultValue(WINDOW) @Min(1) @Max(1_000_000) int experiences,
            @Parameter(description = "Minutes of activity, up to 60") @QueryParam("minutes") @DefaultValue("30") @Min(1) @Max(60) int minutes) {
        return dashboard.overview(experiences, minutes);
    }

    @GET
    @Path("/heatmap")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Heatmap.class)))
    @Operation(summary = "Models x dimensions", description = "Mean verified score, cost and reward per model and "
            + "dimension (or language), with counts, on the newest `experiences` outcomes.")
    public Heatmap heatmap(
            @QueryParam("experiences") @DefaultValue(WINDOW) @Min(1) @Max(1_000_000) int experiences,
            @Parameter(description = "dimension or language") @QueryParam("by") @DefaultValue("dimension")
            @Pattern(regexp = "dimension|language") String by) {
        return dashboard.heatmap(experiences, by);
    }

    @GET
    @Path("/experiences")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExperienceView.class, type = SchemaType.ARRAY)))
    @Operation(summary = "The outcomes of one heat map cell", description = "The newest outcomes of the window, "
            + "filtered by model, dimension and language when given, newest first.")
    public List<ExperienceView> experiences(
            @QueryParam("experiences") @DefaultValue(WINDOW) @Min(1) @Max(1_000_000) int experiences,
            @QueryParam("model") @Size(max = 200) String model,
            @QueryParam("dimension") @Size(max = 100) String dimension,
            @QueryParam("language") @Size(max = 100) String language,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return dashboard.experiences(experiences, model, dimension, language, limit);
    }

    @GET
    @Path("/decisions")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DecisionSummary.class, type = SchemaType.ARRAY)))
    @Operation(summary = "Recent decisions, searchable", description = "Newest first; `q` keeps the decisions whose "
            + "id or task id contains it, or whose dimension is it.")
    public List<DecisionSummary> decisions(
            @QueryParam("q") @Size(max = 200) String q,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return dashboard.decisions(q, limit);
    }

    @GET
    @Path("/decisions/{id}")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DecisionDetail.class)))
    @Operation(summary = "A decision and its outcomes", description = "The decision (ranking, voters, neighbours) "
            + "and the outcomes recorded for it.")
    @APIResponse(responseCode = "404", description = "No decision with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DecisionDetail decision(@PathParam("id") @Size(max = 200) String id) {
        return dashboard.decision(id);
    }
}
