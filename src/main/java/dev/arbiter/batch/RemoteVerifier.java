package dev.arbiter.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.grpc.v1.ArbiterGrpc;
import dev.arbiter.grpc.v1.BatchVerdict;
import dev.arbiter.grpc.v1.ModelResponse;
import dev.arbiter.grpc.v1.StdioTest;
import dev.arbiter.grpc.v1.VerifyRequest;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.VerificationRequest;
import dev.arbiter.verifier.Verdict;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Verifies through a running Arbiter service over one gRPC VerifyBatch stream, so that a batch shares the service's
 * engine under its key's quotas instead of starting sandboxes of its own. Each call sends one request on the stream
 * and waits for the verdict tagged with its id; an item the service could not admit in time (RESOURCE_EXHAUSTED) is
 * sent again after a pause. A broken stream fails the calls waiting on it and the next call opens a new one.
 */
public final class RemoteVerifier implements BatchScorer.Verification, AutoCloseable {
    private static final Duration ITEM_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);
    private static final int ATTEMPTS = 5;

    private final ManagedChannel channel;
    private final ArbiterGrpc.ArbiterStub stub;
    private final ObjectMapper json;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, CompletableFuture<BatchVerdict>> waiting = new ConcurrentHashMap<>();
    private StreamObserver<VerifyRequest> stream;

    /** @param url http://host:port (plaintext) or https://host:port (TLS) of the service's HTTP port, which serves gRPC */
    public RemoteVerifier(URI url, String key, ObjectMapper json) {
        this.json = json;
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        if (!tls && !"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("--url must be http://host:port or https://host:port, not " + url);
        }
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forAddress(url.getHost(), port);
        this.channel = (tls ? builder.useTransportSecurity() : builder.usePlaintext()).build();
        ArbiterGrpc.ArbiterStub s = ArbiterGrpc.newStub(channel);
        if (key != null && !key.isBlank()) {
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key.strip());
            s = s.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
        }
        this.stub = s;
    }

    @Override
    public Verdict verify(VerificationRequest request) {
        VerifyRequest proto = proto(request);
        for (int attempt = 1; ; attempt++) {
            BatchVerdict answer = send(proto);
            if (answer.hasVerdict()) {
                return verdict(answer);
            }
            if (!"RESOURCE_EXHAUSTED".equals(answer.getErrorCode()) || attempt == ATTEMPTS) {
                throw new IllegalStateException(answer.getErrorCode() + ": " + answer.getError());
            }
            pause();
        }
    }

    private BatchVerdict send(VerifyRequest request) {
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<BatchVerdict> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        try {
            synchronized (this) {
                if (stream == null) {
                    stream = stub.verifyBatch(new Answers());
                }
                stream.onNext(request.toBuilder().setRequestId(id).build());
            }
            return answer.get(ITEM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the service's stream failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no verdict from the service within " + ITEM_TIMEOUT.toMinutes() + " min", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            waiting.remove(id);
        }
    }

    /** Answers of the current stream; an error ends it and fails whoever still waits on it. */
    private final class Answers implements StreamObserver<BatchVerdict> {
        @Override
        public void onNext(BatchVerdict v) {
            CompletableFuture<BatchVerdict> f = waiting.get(v.getRequestId());
            if (f != null) {
                f.complete(v);
            }
        }

        @Override
        public void onError(Throwable t) {
            ended(t);
        }

        @Override
        public void onCompleted() {
            ended(new IllegalStateException("the service ended the stream"));
        }

        private void ended(Throwable t) {
            synchronized (RemoteVerifier.this) {
                if (stream != null) {
                    stream = null;
                }
            }
            waiting.values().forEach(f -> f.completeExceptionally(t));
        }
    }

    private Verdict verdict(BatchVerdict answer) {
        try {
            return json.readValue(answer.getVerdict().getVerdictJson(), Verdict.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the service's verdict does not read: " + e.getOriginalMessage(), e);
        }
    }

    VerifyRequest proto(VerificationRequest r) {
        Task t = r.task();
        var task = dev.arbiter.grpc.v1.Task.newBuilder().setId(nz(t.id())).setDimension(t.dimension().wireName())
                .setLanguage(nz(t.language())).setPrompt(nz(t.prompt())).setTests(nz(t.tests())).setEntryPoint(nz(t.entryPoint()))
                .setOriginal(nz(t.original())).setReference(nz(t.reference()));
        if (t.mutants() != null) {
            task.addAllMutants(t.mutants());
        }
        if (t.stdioTests() != null) {
            t.stdioTests().forEach(s -> task.addStdioTests(StdioTest.newBuilder().setInput(nz(s.input())).setOutput(nz(s.output()))));
        }
        try {
            if (t.answerKey() != null) {
                task.setAnswerKeyJson(json.writeValueAsString(t.answerKey()));
            }
            if (t.repository() != null) {
                task.setRepositoryJson(json.writeValueAsString(t.repository()));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the task: " + e.getOriginalMessage(), e);
        }
        var response = ModelResponse.newBuilder().setText(nz(r.response().text())).setModel(nz(r.response().model()));
        if (r.response().costUsd() != null) {
            response.setCost(r.response().costUsd());
        }
        return VerifyRequest.newBuilder().setTask(task).setResponse(response).build();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            if (stream != null) {
                stream.onCompleted();
                stream = null;
            }
        }
        channel.shutdown().awaitTermination(10, TimeUnit.SECONDS);
    }
}
