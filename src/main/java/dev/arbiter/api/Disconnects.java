package dev.arbiter.api;

import dev.arbiter.sandbox.Cancellation;
import io.vertx.core.http.HttpServerRequest;

/** A cancellation that fires when the HTTP client closes its connection before the answer was sent. */
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
