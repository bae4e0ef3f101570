package dev.arbiter.security;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.quarkus.grpc.auth.AuthExceptionHandler;
import io.quarkus.grpc.auth.AuthExceptionHandlerProvider;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * gRPC status of a refused call, as on REST: no key or a wrong key is UNAUTHENTICATED (401), a key without the role
 * PERMISSION_DENIED (403). (quarkus-grpc's default answers PERMISSION_DENIED for a call without any key.)
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class GrpcAuthErrors implements AuthExceptionHandlerProvider {
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1;
    }

    @Override
    public <ReqT, RespT> AuthExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
            ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new AuthExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable t, ServerCall<ReqT, RespT> c, Metadata m) {
                if (t instanceof UnauthorizedException || t instanceof AuthenticationException) {
                    c.close(Status.UNAUTHENTICATED.withDescription("this call needs a valid API key: authorization: Bearer <key>"), m);
                } else {
                    super.handleException(t, c, m);
                }
            }
        };
    }

    @Override
    public StatusException transformToStatusException(Throwable t) {
        if (t instanceof UnauthorizedException || t instanceof AuthenticationException) {
            return Status.UNAUTHENTICATED.withDescription("this call needs a valid API key: authorization: Bearer <key>")
                    .asException();
        }
        return Status.PERMISSION_DENIED.withDescription("this API key's roles do not allow this call").asException();
    }

    @Override
    public boolean handlesException(Throwable t) {
        return t instanceof AuthenticationException || t instanceof SecurityException;
    }
}
