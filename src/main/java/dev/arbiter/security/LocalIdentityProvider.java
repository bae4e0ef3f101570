package dev.arbiter.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The local anonymous identity (every role), only ever given while no key is configured. */
@ApplicationScoped
public class LocalIdentityProvider implements IdentityProvider<LocalAnonymousRequest> {
    static final SecurityIdentity LOCAL = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("anonymous-local")).addRoles(Roles.ALL).build();
    private final KeyRing ring;

    public LocalIdentityProvider(KeyRing ring) {
        this.ring = ring;
    }

    @Override
    public Class<LocalAnonymousRequest> getRequestType() {
        return LocalAnonymousRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(LocalAnonymousRequest request, AuthenticationRequestContext context) {
        return ring.anonymous() ? Uni.createFrom().item(LOCAL)
                : Uni.createFrom().failure(new AuthenticationFailedException("this service needs an API key"));
    }
}
