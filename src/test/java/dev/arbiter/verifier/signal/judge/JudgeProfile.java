package dev.arbiter.verifier.signal.judge;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The application with the LLM judge pointed at the local OpenAI-compatible stub. */
public class JudgeProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OpenAiStubServer.class));
    }
}
