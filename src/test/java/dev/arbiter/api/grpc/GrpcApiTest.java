package dev.arbiter.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.BadRequest;
import dev.arbiter.grpc.v1.ArbiterGrpc;
import dev.arbiter.grpc.v1.BatchVerdict;
import dev.arbiter.grpc.v1.FeedbackRequest;
import dev.arbiter.grpc.v1.ModelResponse;
import dev.arbiter.grpc.v1.RouteRequest;
import dev.arbiter.grpc.v1.RouteTask;
import dev.arbiter.grpc.v1.Task;
import dev.arbiter.grpc.v1.VerifyRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC contracts through a real gRPC client on the application's port. */
@QuarkusTest
class GrpcApiTest {
    private ManagedChannel channel;
    private ArbiterGrpc.ArbiterBlockingStub blocking;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
        blocking = ArbiterGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static VerifyRequest request(String id, String body) {
        return VerifyRequest.newBuilder().setRequestId(id)
                .setTask(Task.newBuilder().setId("grpc/" + id).setDimension("code_generation").setLanguage("python")
                        .setPrompt("def f():\n    \"\"\"Return 1.\"\"\"\n")
                        .setTests("def check(candidate):\n    assert candidate() == 1\n\ncheck(f)\n").setEntryPoint("f"))
                .setResponse(ModelResponse.newBuilder().setText("```python\ndef f():\n    return " + body + "\n```").setModel("m"))
                .build();
    }

    @Test
    void verifyGivesTheSameVerdictAsRest() {
        var passed = blocking.verify(request("a", "1"));
        assertEquals("passed", passed.getStatus());
        assertEquals(1, passed.getTestsPassed());
        assertTrue(passed.getVerdictJson().contains("\"extraction\""), passed.getVerdictJson());
        var failed = blocking.verify(request("b", "2"));
        assertEquals("failed", failed.getStatus());
        assertEquals("tests_failed", failed.getReason());
    }

    @Test
    void badInputIsInvalidArgumentNamingEachField() throws Exception {
        var noTask = assertThrows(StatusRuntimeException.class, () -> blocking.verify(VerifyRequest.newBuilder().build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, noTask.getStatus().getCode());
        var bad = request("c", "1").toBuilder();
        bad.getTaskBuilder().setId("").setLanguage("cobol");
        var e = assertThrows(StatusRuntimeException.class, () -> blocking.verify(bad.build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        var details = StatusProto.fromThrowable(e).getDetails(0).unpack(BadRequest.class);
        assertTrue(details.getFieldViolationsList().stream().anyMatch(v -> v.getField().equals("task.id")), details.toString());
        var dimension = request("d", "1").toBuilder();
        dimension.getTaskBuilder().setDimension("poetry");
        var d = assertThrows(StatusRuntimeException.class, () -> blocking.verify(dimension.build()));
        assertEquals("task.dimension", StatusProto.fromThrowable(d).getDetails(0).unpack(BadRequest.class)
                .getFieldViolations(0).getField());
    }

    @Test
    void aTasksOwnLimitsCrossAsOverRestAndTooMuchIsInvalidArgument() throws Exception {
        var slow = request("l1", "1").toBuilder();
        slow.getResponseBuilder().setText("```python\nimport time\ndef f():\n    end = time.process_time() + 1.5\n"
                + "    while time.process_time() < end:\n        pass\n    return 1\n```");
        assertEquals("passed", blocking.verify(slow.build()).getStatus());
        slow.getTaskBuilder().setLimits(dev.arbiter.grpc.v1.Limits.newBuilder().setRunSeconds(1));
        var cut = blocking.verify(slow.build());
        assertEquals("failed", cut.getStatus());
        assertTrue(java.util.Set.of("test_timeout", "timeout").contains(cut.getReason()), cut.getReason());
        var greedy = request("l2", "1").toBuilder();
        greedy.getTaskBuilder().setLimits(dev.arbiter.grpc.v1.Limits.newBuilder().setMemoryMb(100_000));
        var e = assertThrows(StatusRuntimeException.class, () -> blocking.verify(greedy.build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("task.limits.memoryMb", StatusProto.fromThrowable(e).getDetails(0).unpack(BadRequest.class)
                .getFieldViolations(0).getField());
    }

    @Test
    void batchStreamsEveryVerdictBackTaggedAndSurvivesABadItem() throws Exception {
        List<BatchVerdict> got = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<VerifyRequest> requests = ArbiterGrpc.newStub(channel).verifyBatch(new StreamObserver<>() {
            public void onNext(BatchVerdict v) {
                got.add(v);
            }

            public void onError(Throwable t) {
                done.countDown();
            }

            public void onCompleted() {
                done.countDown();
            }
        });
        for (int i = 0; i < 6; i++) {
            requests.onNext(request("r" + i, i % 2 == 0 ? "1" : "2"));
        }
        requests.onNext(VerifyRequest.newBuilder().setRequestId("broken").build());
        requests.onCompleted();
        assertTrue(done.await(120, TimeUnit.SECONDS));
        assertEquals(7, got.size());
        for (BatchVerdict v : got) {
            if (v.getRequestId().equals("broken")) {
                assertEquals("INVALID_ARGUMENT", v.getErrorCode());
                assertFalse(v.hasVerdict());
            } else {
                int i = Integer.parseInt(v.getRequestId().substring(1));
                assertEquals(i % 2 == 0 ? "passed" : "failed", v.getVerdict().getStatus(), v.toString());
            }
        }
    }

    @Test
    void routeAndFeedbackWithTheirErrors() {
        var decision = blocking.route(RouteRequest.newBuilder().setTask(RouteTask.newBuilder().setId("grpc/route")
                .setDimension("algorithm").setLanguage("python").setPrompt("Sort a list.")).build());
        assertEquals(8, decision.getRankingCount());
        assertTrue(decision.getDecisionJson().contains("\"evidence\""));
        var fb = blocking.feedback(FeedbackRequest.newBuilder().setDecisionId(decision.getDecisionId()).setModel("glm-5")
                .setScore(1.0).setCost(0.001).build());
        assertFalse(fb.getDuplicate());
        assertTrue(blocking.feedback(FeedbackRequest.newBuilder().setDecisionId(decision.getDecisionId()).setModel("glm-5")
                .setScore(0.0).build()).getDuplicate());
        var unknown = assertThrows(StatusRuntimeException.class, () -> blocking.feedback(FeedbackRequest.newBuilder()
                .setDecisionId("nope").setModel("glm-5").setScore(1).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        var model = assertThrows(StatusRuntimeException.class, () -> blocking.route(RouteRequest.newBuilder()
                .setTask(RouteTask.newBuilder().setId("x").setDimension("algorithm")).addAllowedModels("gpt-2").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, model.getStatus().getCode());
    }
}
