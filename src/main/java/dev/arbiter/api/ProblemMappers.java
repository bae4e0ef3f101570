package dev.arbiter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.arbiter.verifier.UnsupportedLanguageException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where exceptions become RFC 7807 problem responses. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String BASE = "https://arbiter.dev/problems/";

    @ServerExceptionMapper
    public Response unauthorized(io.quarkus.security.UnauthorizedException e) {
        return unauthenticated("this call needs an API key: Authorization: Bearer <key>");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(io.quarkus.security.AuthenticationFailedException e) {
        return unauthenticated("the API key is not valid");
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return problem(new Problem(BASE + "forbidden", "Forbidden", 403,
                "this API key's roles do not allow this call", null, null));
    }

    /** A quota or the sandboxes' wait queue is full: 429 with Retry-After, never an unbounded wait. */
    @ServerExceptionMapper
    public Response tooManyRequests(dev.arbiter.quota.TooManyRequestsException e) {
        return Response.fromResponse(problem(new Problem(BASE + "too-many-requests", "Too Many Requests", 429,
                e.getMessage() + "; retry after " + e.retryAfterSeconds() + " s", null, null)))
                .header("Retry-After", e.retryAfterSeconds()).build();
    }

    /** The client went away and its verification was stopped; nobody reads this answer (nginx's 499). */
    @ServerExceptionMapper
    public Response cancelled(java.util.concurrent.CancellationException e) {
        return problem(new Problem(BASE + "client-closed-request", "Client Closed Request", 499, e.getMessage(), null, null));
    }

    /** The service cannot call any model: its models file gives none a provider connection. */
    @ServerExceptionMapper
    public Response noCallableModel(dev.arbiter.solve.NoCallableModelException e) {
        return problem(new Problem(BASE + "no-callable-model", "No callable model", 503, e.getMessage(), null, null));
    }

    /** arbiter/verified found no verified answer to give (the detail names each attempt's outcome). */
    @ServerExceptionMapper
    public Response noVerifiedAnswer(dev.arbiter.solve.NoVerifiedAnswerException e) {
        int status = e.result().stopReason() == dev.arbiter.solve.SolveResult.Stop.TASK_NOT_VERIFIABLE ? 422 : 503;
        return problem(new Problem(BASE + "no-verified-answer", "No verified answer", status, e.getMessage(), null, null));
    }

    /**
     * A provider gave no answer (down, timed out, rate-limited past the retries, junk): 502, with the provider's
     * Retry-After when it sent one. The message names the provider, model and reason, never a key or a body.
     */
    @ServerExceptionMapper
    public Response providerUnavailable(dev.arbiter.provider.ProviderUnavailableException e) {
        Response.ResponseBuilder r = Response.fromResponse(problem(new Problem(BASE + "provider-unavailable",
                "Provider unavailable", 502, e.getMessage(), null, null)));
        e.retryAfter().ifPresent(wait -> r.header("Retry-After", Math.max(1, (wait.toMillis() + 999) / 1000)));
        return r.build();
    }

    /**
     * The problem JSON an exception maps to, for a stream that has already sent its 200 and reports a failure as an
     * event: the mappers above for the failures a request can meet, else a 500 that says nothing of the internals.
     */
    static Object describe(RuntimeException e) {
        ProblemMappers m = new ProblemMappers();
        Response r;
        if (e instanceof dev.arbiter.router.InvalidFeedbackException x) {
            r = m.invalidFeedback(x);
        } else if (e instanceof dev.arbiter.router.UnknownModelException x) {
            r = m.unknownModel(x);
        } else if (e instanceof dev.arbiter.solve.NoCallableModelException x) {
            r = m.noCallableModel(x);
        } else if (e instanceof dev.arbiter.quota.TooManyRequestsException x) {
            r = m.tooManyRequests(x);
        } else if (e instanceof UnsupportedLanguageException x) {
            r = m.unsupported(x);
        } else if (e instanceof dev.arbiter.verifier.LimitsRefusedException x) {
            r = m.limitsRefused(x);
        } else if (e instanceof dev.arbiter.memory.JdbcExperienceStore.StoreException x) {
            r = m.storeDown(x);
        } else if (e instanceof dev.arbiter.provider.ProviderUnavailableException x) {
            r = m.providerUnavailable(x);
        } else if (e instanceof ConstraintViolationException x) {
            r = m.invalid(x);
        } else if (e instanceof dev.arbiter.router.DecisionNotFoundException x) {
            r = m.noDecision(x);
        } else if (e instanceof java.util.concurrent.CancellationException x) {
            r = m.cancelled(x);
        } else if (e instanceof dev.arbiter.solve.NoVerifiedAnswerException x) {
            r = m.noVerifiedAnswer(x);
        } else {
            LOG.error("solve stream failed", e);
            return new Problem(BASE + "internal-error", "Internal error", 500, "the solve failed inside Arbiter; see its log",
                    null, null);
        }
        return r.getEntity();
    }

    private static Response unauthenticated(String detail) {
        return Response.fromResponse(problem(new Problem(BASE + "unauthorized", "Unauthorized", 401, detail, null, null)))
                .header("WWW-Authenticate", "Bearer realm=\"arbiter\"").build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        String detail = violations.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; "));
        return problem(new Problem(BASE + "invalid-request", "Invalid request", 400, detail, violations, null));
    }

    @ServerExceptionMapper
    public Response unsupported(UnsupportedLanguageException e) {
        return problem(new Problem(BASE + "unsupported-language", "Unsupported language", 400, e.getMessage(),
                List.of(new Problem.Violation("task.language", e.getMessage())), e.supported()));
    }

    @ServerExceptionMapper
    public Response limitsRefused(dev.arbiter.verifier.LimitsRefusedException e) {
        return problem(new Problem(BASE + "invalid-request", "Invalid request", 400, e.getMessage(),
                List.of(new Problem.Violation(e.field(), e.getMessage())), null));
    }

    @ServerExceptionMapper
    public Response unknownModel(dev.arbiter.router.UnknownModelException e) {
        return problem(new Problem(BASE + "unknown-model", "Unknown model", 400, e.getMessage(),
                List.of(new Problem.Violation(e.field(), e.getMessage())), e.known()));
    }

    @ServerExceptionMapper
    public Response invalidFeedback(dev.arbiter.router.InvalidFeedbackException e) {
        return problem(new Problem(BASE + "invalid-request", "Invalid request", 400, e.field() + " " + e.getMessage(),
                List.of(new Problem.Violation(e.field(), e.getMessage())), null));
    }

    @ServerExceptionMapper
    public Response noDecision(dev.arbiter.router.DecisionNotFoundException e) {
        return problem(new Problem(BASE + "decision-not-found", "Decision not found", 404, e.getMessage(),
                List.of(new Problem.Violation("decisionId", e.getMessage())), null));
    }

    @ServerExceptionMapper
    public Response storeDown(dev.arbiter.memory.JdbcExperienceStore.StoreException e) {
        LOG.error("store unavailable", e);
        return problem(new Problem(BASE + "store-unavailable", "Store unavailable", 503,
                "the experience store could not be read or written; nothing was recorded", null, null));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String message = e.getOriginalMessage();
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            message = cause.getMessage();
        }
        message = message == null ? "malformed JSON" : message.lines().findFirst().orElse(message);
        return problem(new Problem(BASE + "unreadable-body", "Unreadable request body", 400, message,
                field == null ? null : List.of(new Problem.Violation(field, message)), null));
    }

    /** Declared separately: Quarkus has its own mapper for this subtype, which answers with an empty body. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return unreadable(json);
            }
        }
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        return problem(new Problem(BASE + "http-" + status, title, status, e.getMessage(), null, null));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error", e);
        return problem(new Problem(BASE + "internal-error", "Internal error", 500,
                "an unexpected error occurred; the service is still running", null, null));
    }

    private static Response problem(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    /** The violated field's path in the request body, without the method and parameter names. */
    private static String field(ConstraintViolation<?> v) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.METHOD
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                continue;
            }
            names.add(node.getName());
        }
        return names.isEmpty() ? "body" : String.join(".", names);
    }
}
