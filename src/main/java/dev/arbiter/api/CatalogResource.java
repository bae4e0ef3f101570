package dev.arbiter.api;

import dev.arbiter.quota.Quota;
import dev.arbiter.router.ModelPool;
import dev.arbiter.sandbox.pool.WarmPool;
import dev.arbiter.sandbox.runtime.Limits;
import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the service has to offer: the model pool it routes to and the sandbox runtimes it verifies in. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "catalog", description = "The model pool and the sandbox runtimes")
@Authenticated
@Quota
public class CatalogResource {
    private final ModelPool models;
    private final RuntimeCatalog runtimes;
    private final WarmPool pool;

    public CatalogResource(ModelPool models, RuntimeCatalog runtimes, WarmPool pool) {
        this.models = models;
        this.runtimes = runtimes;
        this.pool = pool;
    }

    /** One model of the pool as clients see it: prices in USD per million tokens. */
    public record Model(String name, String provider, String tier, double inputPer1m, double outputPer1m) {
    }

    /** One runtime: its language and aliases, its image, its limits and its warm pool (idle / target containers). */
    public record RuntimeInfo(String language, List<String> aliases, String image, Limits limits, boolean sharedMode,
            Pool pool) {
    }

    public record Pool(int idle, int target, String lastError) {
    }

    @GET
    @Path("/models")
    @Operation(summary = "The models Arbiter routes to", description = "The enabled models of the pool, in the "
            + "order of the models file, with provider, tier and prices (USD per million input and output tokens).")
    public List<Model> models() {
        return models.enabled().stream()
                .map(m -> new Model(m.name(), m.provider(), m.tier(), m.inputPer1m(), m.outputPer1m()))
                .toList();
    }

    @GET
    @Path("/runtimes")
    @Operation(summary = "The languages Arbiter verifies", description = "Each sandbox runtime: language, aliases, "
            + "image, resource limits, whether it runs batches in shared mode, and its warm pool right now.")
    public List<RuntimeInfo> runtimes() {
        Map<String, WarmPool.PoolStatus> status = pool.status().stream()
                .collect(Collectors.toMap(WarmPool.PoolStatus::runtime, Function.identity(), (a, b) -> a));
        return runtimes.all().stream()
                .sorted(Comparator.comparing(dev.arbiter.sandbox.runtime.Runtime::language))
                .map(r -> {
                    WarmPool.PoolStatus s = status.get(r.language());
                    return new RuntimeInfo(r.language(), r.aliases(), r.image(), r.limits(), r.hasShardRunner(),
                            s == null ? new Pool(0, 0, null) : new Pool(s.idle(), s.target(), s.lastError()));
                })
                .toList();
    }
}
