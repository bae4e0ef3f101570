package dev.arbiter.quota;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Spends the caller's token before a {@link Quota} method runs; it runs after the security checks. */
@Quota
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
class QuotaInterceptor {
    @Inject
    SecurityIdentity identity;

    @Inject
    Admission admission;

    @AroundInvoke
    Object spend(InvocationContext call) throws Exception {
        admission.request(Callers.name(identity));
        return call.proceed();
    }
}
