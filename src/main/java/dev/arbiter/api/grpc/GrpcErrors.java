package dev.arbiter.api.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.arbiter.memory.JdbcExperienceStore;
import dev.arbiter.quota.TooManyRequestsException;
import dev.arbiter.router.DecisionNotFoundException;
import dev.arbiter.router.InvalidFeedbackException;
import dev.arbiter.router.UnknownModelException;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.verifier.UnsupportedLanguageException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.jboss.logging.Logger;

/**
 * The one place where exceptions become gRPC statuses, mirroring the REST problem mapping: bad input is
 * INVALID_ARGUMENT with a google.rpc.BadRequest naming each field, an unknown decision NOT_FOUND, no sandbox or no
 * store UNAVAILABLE, a full quota RESOURCE_EXHAUSTED with a google.rpc.RetryInfo, anything else INTERNAL (logged; the service stays up).
 */
final class GrpcErrors {
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    /** A field and what is wrong with it. */
    record FieldError(String field, String message) {
    }

    static StatusRuntimeException invalid(List<FieldError> errors) {
        BadRequest.Builder details = BadRequest.newBuilder();
        errors.forEach(e -> details.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                .setField(e.field()).setDescription(e.message())));
        String message = String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList());
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder().setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage(message).addDetails(Any.pack(details.build())).build());
    }

    static StatusRuntimeException status(Code code, String message) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder().setCode(code.getNumber())
                .setMessage(message == null ? "" : message).build());
    }

    static Throwable map(Throwable t) {
        if (t instanceof StatusRuntimeException s) {
            return s;
        }
        if (t instanceof ConstraintViolationException c) {
            return invalid(c.getConstraintViolations().stream()
                    .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage()))
                    .sorted(java.util.Comparator.comparing(FieldError::field)).toList());
        }
        if (t instanceof UnsupportedLanguageException u) {
            return invalid(List.of(new FieldError("task.language", u.getMessage())));
        }
        if (t instanceof dev.arbiter.verifier.LimitsRefusedException l) {
            return invalid(List.of(new FieldError(l.field(), l.getMessage())));
        }
        if (t instanceof UnknownModelException u) {
            return invalid(List.of(new FieldError(u.field(), u.getMessage())));
        }
        if (t instanceof InvalidFeedbackException f) {
            return invalid(List.of(new FieldError(f.field(), f.getMessage())));
        }
        if (t instanceof GrpcMapping.BadField b) {
            return invalid(List.of(new FieldError(b.field(), b.getMessage())));
        }
        if (t instanceof TooManyRequestsException q) {
            RetryInfo retry = RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                    .setSeconds(q.retryAfterSeconds())).build();
            return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.RESOURCE_EXHAUSTED_VALUE).setMessage(q.getMessage() + "; retry after "
                            + q.retryAfterSeconds() + " s").addDetails(Any.pack(retry)).build());
        }
        if (t instanceof CancellationException c) {
            return status(Code.CANCELLED, c.getMessage());
        }
        if (t instanceof DecisionNotFoundException d) {
            return status(Code.NOT_FOUND, d.getMessage());
        }
        if (t instanceof dev.arbiter.solve.NoCallableModelException || t instanceof dev.arbiter.provider.ProviderUnavailableException) {
            return status(Code.UNAVAILABLE, t.getMessage());
        }
        if (t instanceof SandboxUnavailableException || t instanceof JdbcExperienceStore.StoreException) {
            return status(Code.UNAVAILABLE, t.getMessage());
        }
        LOG.error("unexpected error in a gRPC call", t);
        return status(Code.INTERNAL, "an unexpected error occurred; the service is still running");
    }
}
