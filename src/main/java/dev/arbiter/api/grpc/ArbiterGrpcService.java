package dev.arbiter.api.grpc;

import dev.arbiter.quota.Admission;
import dev.arbiter.quota.Callers;
import dev.arbiter.sandbox.Cancellation;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.security.Roles;
import io.grpc.Context;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import java.time.Duration;
import jakarta.annotation.security.RolesAllowed;
import dev.arbiter.grpc.v1.Arbiter;
import dev.arbiter.grpc.v1.BatchVerdict;
import dev.arbiter.grpc.v1.Decision;
import dev.arbiter.grpc.v1.FeedbackRequest;
import dev.arbiter.grpc.v1.FeedbackResult;
import dev.arbiter.grpc.v1.RouteRequest;
import dev.arbiter.grpc.v1.Verdict;
import dev.arbiter.grpc.v1.VerifyAndRouteOutcome;
import dev.arbiter.grpc.v1.VerifyAndRouteRequest;
import dev.arbiter.grpc.v1.VerifyRequest;
import dev.arbiter.router.Escalation;
import dev.arbiter.router.Orchestrator;
import dev.arbiter.solve.SolveListener;
import dev.arbiter.solve.SolveLoop;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Verifier;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Supplier;

/**
 * The gRPC adapter: the same operations as REST over the same domain services. Blocking work (sandboxes, the
 * store) runs on worker threads; VerifyBatch verifies a bounded number of requests at once and streams each verdict
 * back as soon as it is ready.
 */
@GrpcService
@RolesAllowed(Roles.ROUTE)
public class ArbiterGrpcService implements Arbiter {
    /** Verifications in flight per VerifyBatch stream; the sandbox's own limit applies across streams. */
    static final int BATCH_CONCURRENCY = 4;
    /** How long a batch item waits for its key's and the sandboxes' places before it is answered RESOURCE_EXHAUSTED. */
    static final Duration BATCH_WAIT = Duration.ofSeconds(120);

    private final Verifier verifier;
    private final Orchestrator orchestrator;
    private final Escalation escalation;
    private final GrpcMapping mapping;
    private final Admission admission;
    private final SecurityIdentity identity;
    private final CurrentIdentityAssociation identities;
    private final SolveLoop solveLoop;

    public ArbiterGrpcService(Verifier verifier, Orchestrator orchestrator, Escalation escalation, GrpcMapping mapping,
            Admission admission, SecurityIdentity identity, CurrentIdentityAssociation identities, SolveLoop solveLoop) {
        this.solveLoop = solveLoop;
        this.verifier = verifier;
        this.orchestrator = orchestrator;
        this.escalation = escalation;
        this.mapping = mapping;
        this.admission = admission;
        this.identity = identity;
        this.identities = identities;
    }

    /** The caller's key, after spending one of its tokens. */
    private String caller() {
        String key = Callers.name(identity);
        admission.request(key);
        return key;
    }

    /** Fires when the client cancels the call (or its deadline passes). */
    private static Cancellation callCancellation() {
        Cancellation cancellation = new Cancellation();
        Context.current().addListener(context -> cancellation.cancel(), Runnable::run);
        return cancellation;
    }

    @Override
    @RolesAllowed(Roles.VERIFY)
    @Blocking
    public Uni<Verdict> verify(VerifyRequest request) {
        return call(() -> {
            dev.arbiter.verifier.Verdict verdict;
            try (Admission.Permit permit = admission.verification(caller())) {
                verdict = verifier.verify(mapping.verification(request.getTask(), request.getResponse(), request.hasTask(),
                        request.hasResponse()), SandboxClient.cancellable(callCancellation()));
            }
            if (verdict.reason().isInfrastructure()) {
                throw GrpcErrors.status(com.google.rpc.Code.UNAVAILABLE, verdict.detail());
            }
            return mapping.verdict(verdict);
        });
    }

    @Override
    @RolesAllowed(Roles.VERIFY)
    public Multi<BatchVerdict> verifyBatch(Multi<VerifyRequest> requests) {
        Cancellation cancellation = new Cancellation();
        SandboxClient client = SandboxClient.cancellable(cancellation);
        // A stream's handler runs on the I/O thread, where the identity is only to be had without blocking.
        return identities.getDeferredIdentity().onItem().transformToMulti(identity -> {
            String key = Callers.name(identity);
            admission.request(key);
            return requests.onItem().transformToUni(r -> Uni.createFrom().item(() -> one(r, key, client))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())).merge(BATCH_CONCURRENCY);
        }).onFailure().transform(GrpcErrors::map).onCancellation().invoke(cancellation::cancel);
    }

    /** One item of a stream: it waits for its key's places (a batch flows at its quota) instead of failing at once. */
    private BatchVerdict one(VerifyRequest r, String key, SandboxClient client) {
        BatchVerdict.Builder b = BatchVerdict.newBuilder().setRequestId(r.getRequestId());
        try (Admission.Permit permit = admission.awaitVerification(key, BATCH_WAIT)) {
            var verdict = verifier.verify(mapping.verification(r.getTask(), r.getResponse(), r.hasTask(), r.hasResponse()), client);
            b.setVerdict(mapping.verdict(verdict));
            if (verdict.reason().isInfrastructure()) {
                b.setErrorCode("UNAVAILABLE").setError(verdict.detail());
            }
        } catch (RuntimeException e) {
            Throwable mapped = GrpcErrors.map(e);
            if (mapped instanceof StatusRuntimeException s) {
                b.setErrorCode(s.getStatus().getCode().name()).setError(s.getStatus().getDescription() == null ? ""
                        : s.getStatus().getDescription());
            }
        }
        return b.build();
    }

    @Override
    @Blocking
    public Uni<Decision> route(RouteRequest request) {
        return call(() -> {
            caller();
            return mapping.decision(orchestrator.route(mapping.route(request)));
        });
    }

    @Override
    @Blocking
    public Uni<FeedbackResult> feedback(FeedbackRequest request) {
        return call(() -> {
            caller();
            return mapping.feedbackResult(orchestrator.feedback(mapping.feedback(request)));
        });
    }

    @Override
    @Blocking
    public Uni<VerifyAndRouteOutcome> verifyAndRoute(VerifyAndRouteRequest request) {
        return call(() -> {
            try (Admission.Permit permit = admission.verification(caller())) {
                return mapping.outcome(escalation.attempt(mapping.attempt(request), SandboxClient.cancellable(callCancellation())));
            }
        });
    }

    @Override
    @RolesAllowed(Roles.SOLVE)
    @Blocking
    public Uni<dev.arbiter.grpc.v1.SolveResult> solve(dev.arbiter.grpc.v1.SolveRequest request) {
        // An indeterminate solve is answered like any other (status "indeterminate", its stop reason and attempts):
        // the attempts were paid for, and a status description could not carry them.
        return call(() -> mapping.solveResult(solveLoop.solve(mapping.solve(request), caller(),
                SandboxClient.cancellable(callCancellation()), SolveListener.NONE)));
    }

    private static <T> Uni<T> call(Supplier<T> work) {
        try {
            return Uni.createFrom().item(work.get());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(GrpcErrors.map(e));
        }
    }
}
