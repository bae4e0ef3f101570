package dev.arbiter.solve;

import dev.arbiter.provider.ChatMessage;
import dev.arbiter.router.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a call may cost before it is made. The input is bounded by its UTF-8 bytes (a byte-level BPE token — OpenAI's,
 * Anthropic's, Llama's — covers at least one byte) plus the chat format's tokens per message; the output by the
 * {@code max_tokens} sent. So the output cap of a call is what the budget left can pay for once the bounded input is
 * paid, and a call made within it cannot take the solve past {@code maxCost} unless the provider bills more than it was
 * asked to produce.
 */
final class CallBudget {
    /** Role markers and separators: OpenAI's format uses 3-4 tokens a message, Anthropic's fewer; 16 leaves margin. */
    static final int TOKENS_PER_MESSAGE = 16;

    private CallBudget() {
    }

    static long inputTokenBound(List<ChatMessage> messages) {
        long bytes = TOKENS_PER_MESSAGE;
        for (ChatMessage m : messages) {
            bytes += m.content().getBytes(StandardCharsets.UTF_8).length + TOKENS_PER_MESSAGE;
        }
        return bytes;
    }

    /** The most output tokens {@code remaining} USD pays for after the input's bound; the cap when output is free. */
    static int affordableOutputTokens(ModelSpec model, long inputTokens, double remaining, int cap) {
        double left = remaining - model.cost(inputTokens, 0);
        if (left < 0) {
            return 0;
        }
        if (model.outputPer1m() <= 0) {
            return cap;
        }
        double tokens = Math.floor(left * 1_000_000.0 / model.outputPer1m());
        return (int) Math.min(cap, tokens);
    }

    /** The most a call can cost: the bounded input and every output token asked for. */
    static double worstCase(ModelSpec model, long inputTokens, int maxOutputTokens) {
        return model.cost(inputTokens, maxOutputTokens);
    }
}
