package dev.arbiter.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.grpc.v1.ArbiterGrpc;
import dev.arbiter.grpc.v1.RouteRequest;
import dev.arbiter.grpc.v1.VerifyRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** With keys configured: who may call what, over REST and gRPC, and what a caller without the right key gets. */
@QuarkusTest
@TestProfile(SecurityApiTest.WithKeys.class)
public class SecurityApiTest {
    public static final String VERIFY = "arb-test-verify-3f9c1d";
    public static final String ROUTE = "arb-test-route-8a2b7e";
    public static final String ADMIN = "arb-test-admin-51d0c4";

    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("arbiter.security.api-keys-file", "src/test/resources/security/api-keys.txt");
        }
    }

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    /** Valid JSON that fails validation: a 400 proves the call got past authentication and authorization. */
    private static final String INVALID = "{\"task\": {\"id\": \"\"}}";

    @Test
    void noKeyOrAWrongKeyIsUnauthorizedAsAProblem() {
        given().contentType(ContentType.JSON).body(INVALID).when().post("/v1/verify").then()
                .statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401)).body("title", equalTo("Unauthorized"));
        as("arb-not-a-key").body(INVALID).when().post("/v1/verify").then()
                .statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Basic dXNlcjpwYXNz").contentType(ContentType.JSON).body(INVALID)
                .when().post("/v1/verify").then().statusCode(401);
        given().when().get("/v1/models").then().statusCode(401);
    }

    @Test
    void eachRoleReachesItsOwnCallsOnly() {
        as(VERIFY).body(INVALID).when().post("/v1/verify").then().statusCode(400);
        as(ROUTE).body(INVALID).when().post("/v1/verify").then()
                .statusCode(403).contentType("application/problem+json").body("title", equalTo("Forbidden"));
        as(VERIFY).body("{}").when().post("/v1/route").then().statusCode(403);
        as(ROUTE).body("{}").when().post("/v1/route").then().statusCode(400);
        as(ADMIN).body(INVALID).when().post("/v1/verify").then().statusCode(400);
        as(ADMIN).body("{}").when().post("/v1/route").then().statusCode(400);
        as(ROUTE).when().get("/v1/models").then().statusCode(200).body("name", hasItem("gpt-5.4"));
        // Spending provider money takes the solve role: neither verify nor route grants it; admin does.
        for (String key : new String[] {VERIFY, ROUTE}) {
            as(key).body("{}").when().post("/v1/solve").then().statusCode(403);
            as(key).body("{}").when().post("/v1/chat/completions").then().statusCode(403);
        }
        as(ADMIN).body("{}").when().post("/v1/solve").then().statusCode(400);
        as(ADMIN).body("{}").when().post("/v1/chat/completions").then().statusCode(400);
    }

    @Test
    void healthAndTheApiDocsStayOpen() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void aHugeAuthorizationHeaderIsRefused() {
        int status = given().header("Authorization", "Bearer " + "k".repeat(20_000)).contentType(ContentType.JSON)
                .body(INVALID).when().post("/v1/verify").then().extract().statusCode();
        assertTrue(status == 401 || status == 431, "status " + status);
    }

    @Test
    void grpcCallsNeedTheRightKeyToo() throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
        try {
            var anonymous = ArbiterGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            var none = assertThrows(StatusRuntimeException.class, () -> anonymous.verify(VerifyRequest.newBuilder().build()));
            assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
            var routeKey = anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(ROUTE)));
            var denied = assertThrows(StatusRuntimeException.class, () -> routeKey.verify(VerifyRequest.newBuilder().build()));
            assertEquals(Status.Code.PERMISSION_DENIED, denied.getStatus().getCode());
            var verifyKey = anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(VERIFY)));
            var invalid = assertThrows(StatusRuntimeException.class, () -> verifyKey.verify(VerifyRequest.newBuilder().build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, invalid.getStatus().getCode());
            var routeDenied = assertThrows(StatusRuntimeException.class, () -> verifyKey.route(RouteRequest.newBuilder().build()));
            assertEquals(Status.Code.PERMISSION_DENIED, routeDenied.getStatus().getCode());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Metadata bearer(String key) {
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        return m;
    }
}
