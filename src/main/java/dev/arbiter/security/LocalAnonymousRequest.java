package dev.arbiter.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A call to a service without keys (loopback, or anonymous by choice): it is the local identity, with every role. */
public class LocalAnonymousRequest extends BaseAuthenticationRequest {
}
