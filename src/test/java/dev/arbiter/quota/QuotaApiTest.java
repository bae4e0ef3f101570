package dev.arbiter.quota;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.google.rpc.RetryInfo;
import dev.arbiter.grpc.v1.ArbiterGrpc;
import dev.arbiter.grpc.v1.RouteRequest;
import dev.arbiter.sandbox.docker.ContainerFactory;
import dev.arbiter.sandbox.pool.WarmPool;
import dev.arbiter.support.Containers;
import dev.arbiter.support.Requests;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Quotas and backpressure against the running application: a key over its rate, a key over its concurrent
 * verifications and saturated sandboxes are answered 429 with Retry-After at once (gRPC RESOURCE_EXHAUSTED with a
 * RetryInfo), never an unbounded wait; a client that hangs up frees its container and its place.
 */
@QuarkusTest
@TestProfile(QuotaApiTest.TightQuotas.class)
class QuotaApiTest {
    public static class TightQuotas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("arbiter.security.api-keys-file", "src/test/resources/quota/api-keys.txt",
                    "arbiter.sandbox.max-concurrent", "2", "arbiter.quota.queue", "0",
                    "arbiter.quota.concurrent-verifications", "4", "arbiter.quota.requests-per-second", "50",
                    "arbiter.quota.keys.\"q-one\".concurrent-verifications", "1",
                    "arbiter.quota.keys.\"q-rate\".requests-per-second", "0.2", "arbiter.quota.keys.\"q-rate\".burst", "2",
                    "arbiter.quota.keys.\"q-rgrpc\".requests-per-second", "0.2", "arbiter.quota.keys.\"q-rgrpc\".burst", "2");
        }
    }

    /** Sleeps past any client's patience but inside the run's wall-clock backstop, then answers right. */
    private static final String SLOW = "import time\ntime.sleep(%d)\ndef f():\n    return 1";
    private static final String QUICK = "def f():\n    return 1";

    @Inject
    DockerClient docker;
    @Inject
    WarmPool pool;
    @Inject
    ContainerFactory factory;

    @AfterEach
    void nothingLeft() {
        Containers.awaitOnlyWarmPoolLeft(docker, pool, factory);
    }

    private static String key(String name) {
        return "key-" + name + "-7c1e";
    }

    private static ExtractableResponse<Response> verify(String name, String module) {
        return given().header("Authorization", "Bearer " + key(name)).contentType(ContentType.JSON)
                .body(Requests.pythonReturningOne(module)).when().post("/v1/verify").then().extract();
    }

    private static CompletableFuture<ExtractableResponse<Response>> verifyLater(String name, String module) {
        return CompletableFuture.supplyAsync(() -> verify(name, module));
    }

    /** Waits until the service has admitted this many verifications (they are running or waiting for a slot). */
    private static void awaitAdmitted(int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/q/metrics").then().extract().asString()
                .lines().anyMatch(l -> l.startsWith("arbiter_admission_verifications ") && Double.parseDouble(l.split(" ")[1]) >= n));
    }

    @Test
    void aKeyOverItsRateGets429WithRetryAfterAndOtherKeysDoNot() {
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", "Bearer " + key("q-rate")).get("/v1/models").then().statusCode(200);
        }
        given().header("Authorization", "Bearer " + key("q-rate")).get("/v1/models").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", Integer::parseInt, org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("status", equalTo(429)).body("detail", containsString("q-rate"));
        given().header("Authorization", "Bearer " + key("q-a")).get("/v1/models").then().statusCode(200);
    }

    @Test
    void aKeyOverItsConcurrentVerificationsGets429AtOnce() {
        var slow = verifyLater("q-one", SLOW.formatted(3));
        awaitAdmitted(1);
        long started = System.nanoTime();
        var second = verify("q-one", QUICK);
        assertEquals(429, second.statusCode(), second.asString());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), "a 429 is answered at once");
        assertTrue(second.header("Retry-After") != null && Integer.parseInt(second.header("Retry-After")) >= 1);
        assertTrue(second.asString().contains("already has its 1 verifications running"), second.asString());
        assertEquals(200, slow.join().statusCode());
        assertEquals("passed", verify("q-one", QUICK).path("status"));
    }

    @Test
    void saturatedSandboxesWithAFullQueueAnswer429NeverAnUnboundedWait() {
        var first = verifyLater("q-a", SLOW.formatted(3));
        var second = verifyLater("q-b", SLOW.formatted(3));
        awaitAdmitted(2);
        var third = verify("q-c", QUICK);
        assertEquals(429, third.statusCode(), third.asString());
        assertTrue(third.asString().contains("every sandbox is busy"), third.asString());
        assertEquals(200, first.join().statusCode());
        assertEquals(200, second.join().statusCode());
        assertEquals("passed", verify("q-c", QUICK).path("status"));
    }

    @Test
    void aClientThatHangsUpFreesItsContainerAndItsPlace() throws Exception {
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Requests.pythonReturningOne(SLOW.formatted(20)));
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/verify HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key("q-one")
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            awaitAdmitted(1);
        }
        long closed = System.nanoTime();
        // The candidate would sleep 20 s (and the run's own wall-clock backstop is 9 s): its key's only place comes
        // back within seconds of the hang-up, so the run was stopped, not waited out.
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(300))
                .until(() -> verify("q-one", QUICK).statusCode() == 200);
        assertTrue(System.nanoTime() - closed < TimeUnit.SECONDS.toNanos(8));
    }

    @Test
    void grpcCallsOverTheRateAreResourceExhaustedWithRetryInfo() throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
        try {
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key("q-rgrpc"));
            var stub = ArbiterGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
            StatusRuntimeException limited = null;
            for (int i = 0; i < 3 && limited == null; i++) {
                try {
                    stub.route(RouteRequest.newBuilder().build());
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT) {
                        limited = e;
                    }
                }
            }
            assertTrue(limited != null, "the third call within the burst of 2 must be refused");
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, limited.getStatus().getCode(), limited.getMessage());
            var details = StatusProto.fromThrowable(limited).getDetailsList();
            assertTrue(details.stream().anyMatch(d -> d.is(RetryInfo.class)), "RetryInfo in " + details);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
