package dev.arbiter.security;

import io.grpc.Metadata;
import io.quarkus.grpc.auth.GrpcSecurityMechanism;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The same keys on gRPC: {@code authorization: Bearer <key>} metadata, through quarkus-grpc's security interceptor,
 * to {@link ApiKeyIdentityProvider}. Without keys configured, every call is the local anonymous identity.
 */
@ApplicationScoped
public class ApiKeyGrpcMechanism implements GrpcSecurityMechanism {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private final KeyRing ring;

    public ApiKeyGrpcMechanism(KeyRing ring) {
        this.ring = ring;
    }

    @Override
    public boolean handles(Metadata metadata) {
        return ring.anonymous() || metadata.containsKey(AUTHORIZATION);
    }

    @Override
    public AuthenticationRequest createAuthenticationRequest(Metadata metadata) {
        if (ring.anonymous()) {
            return new LocalAnonymousRequest();
        }
        // A malformed value becomes a token that matches no key: authentication fails (UNAUTHENTICATED).
        String key = ApiKeys.bearer(metadata.get(AUTHORIZATION));
        return new TokenAuthenticationRequest(new TokenCredential(key, "bearer"));
    }
}
