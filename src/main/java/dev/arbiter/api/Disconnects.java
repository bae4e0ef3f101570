package dev.arbiter.api;

import dev.arbiter.sandbox.Cancellation;
import io.vertx.core.http.HttpServerRequest;

/**
 * A cancellation that fires when the HTTP client closes its connection before the answer was sent. It takes the
 * response's close handler, which a plain JSON endpoint leaves free (a streaming endpoint's own machinery uses it).
 */
final class Disconnects {
    private Disconnects() {
    }

    static Cancellation of(HttpServerRequest http) {
        Cancellation cancellation = new Cancellation();
        http.response().closeHandler(v -> cancellation.cancel());
        if (http.response().closed()) {
            cancellation.cancel();
        }
        return cancellation;
    }
}
