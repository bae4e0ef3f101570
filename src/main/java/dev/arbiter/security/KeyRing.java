package dev.arbiter.security;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The service's keys, loaded once at start-up, and the rule that goes with them: a service without keys is
 * anonymous (every caller holds every role), so it listens on loopback only unless told otherwise
 * ({@code ARBITER_ALLOW_ANONYMOUS=true}); start-up stops, with the reason, when it would listen beyond loopback.
 */
@ApplicationScoped
@Startup
public class KeyRing {
    private static final Logger LOG = Logger.getLogger(KeyRing.class);
    private final ApiKeys keys;

    public KeyRing(SecurityConfig config, @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true") boolean listening) {
        this.keys = config.apiKeysFile().map(ApiKeys::load).orElse(ApiKeys.none());
        if (!listening) {
            LOG.debug("no HTTP listener (a CLI command): nothing to say about keys and addresses");
        } else if (keys.configured()) {
            LOG.infof("%d API key(s) loaded from %s; every call but health, metrics and the API docs needs one",
                    keys.size(), config.apiKeysFile().get());
        } else if (loopback(host)) {
            LOG.infof("no API keys configured (ARBITER_API_KEYS_FILE): anonymous, listening on %s only", host);
        } else if (config.allowAnonymous()) {
            LOG.warnf("no API keys configured and listening on %s with ARBITER_ALLOW_ANONYMOUS=true: anyone who "
                    + "reaches this address may run code on this machine's container engine", host);
        } else {
            throw new IllegalStateException("no API keys configured (ARBITER_API_KEYS_FILE) and asked to listen on "
                    + host + ": set ARBITER_API_KEYS_FILE, listen on 127.0.0.1, or set ARBITER_ALLOW_ANONYMOUS=true");
        }
    }

    public ApiKeys keys() {
        return keys;
    }

    public boolean anonymous() {
        return !keys.configured();
    }

    static boolean loopback(String host) {
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return false;
        }
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
