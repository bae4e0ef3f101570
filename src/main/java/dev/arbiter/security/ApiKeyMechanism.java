package dev.arbiter.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * {@code Authorization: Bearer <key>} on every HTTP request (REST, and gRPC, which is served on the same port), as a
 * Quarkus authentication mechanism: the key goes to {@link ApiKeyIdentityProvider}, and {@code @RolesAllowed} on the
 * endpoints decides. Without keys configured, every caller is the local anonymous identity holding every role.
 */
@ApplicationScoped
public class ApiKeyMechanism implements HttpAuthenticationMechanism {
    static final String SCHEME = "Bearer";
    private final KeyRing ring;
    private final SecurityIdentity local;

    public ApiKeyMechanism(KeyRing ring) {
        this.ring = ring;
        this.local = LocalIdentityProvider.LOCAL;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (ring.anonymous()) {
            return Uni.createFrom().item(local);
        }
        String header = context.request().getHeader("Authorization");
        if (header == null) {
            return Uni.createFrom().nullItem();
        }
        String key = ApiKeys.bearer(header);
        if (key.isEmpty() || key.length() > ApiKeys.MAX_KEY_CHARS) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the Authorization header is not 'Bearer <key>'"));
        }
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new TokenCredential(key, "bearer"));
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identities.authenticate(request);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", SCHEME + " realm=\"arbiter\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }
}
