package dev.arbiter.api;

import dev.arbiter.provider.ChatMessage;
import dev.arbiter.solve.ChatRouter;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A routed call whose pieces are relayed as they arrive. The call runs on a worker; the request waits for its first
 * piece (or its failure) before answering, so that a conversation no provider answers is a 502 with the provider's
 * Retry-After, not a 200 stream that carries an error. Once the client has gone, the next piece ends the call and the
 * provider's stream with it.
 */
final class ChatStream {
    /** What the worker hands over: a piece, the end (with the answer), or the failure. */
    private record Item(String model, String piece, ChatRouter.Answered answered, RuntimeException failure) {
    }

    /** A piece of the answer and the model it came from. */
    record Piece(String model, String text) {
    }

    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private volatile boolean gone;

    ChatStream(ChatRouter router, ChatRouter.Routed routed, List<ChatMessage> messages, Integer limit, Executor executor) {
        executor.execute(() -> {
            try {
                ChatRouter.Answered a = router.answer(routed, messages, limit, (model, piece) -> {
                    if (gone) {
                        throw new CancellationException("the client went away");
                    }
                    items.add(new Item(model, piece, null, null));
                });
                items.add(new Item(null, null, a, null));
            } catch (RuntimeException e) {
                items.add(new Item(null, null, null, e));
            }
        });
    }

    /**
     * Waits for the first piece; throws the failure when the call ended without any (every provider failed). Null
     * when the answer came with no piece at all.
     */
    Piece first() {
        Item i = take();
        if (i.failure() != null) {
            throw i.failure();
        }
        if (i.piece() == null) {
            items.add(i); // an answer with no piece: the end comes next
            return null;
        }
        return new Piece(i.model(), i.piece());
    }

    /**
     * Relays the pieces after the first to {@code piece}, then returns the answer; a failure mid-stream is thrown
     * (the provider broke off). The caller marks the stream {@link #gone()} when its client has.
     */
    ChatRouter.Answered rest(java.util.function.Consumer<Piece> piece) {
        while (true) {
            Item i = take();
            if (i.failure() != null) {
                throw i.failure();
            }
            if (i.answered() != null) {
                return i.answered();
            }
            piece.accept(new Piece(i.model(), i.piece()));
        }
    }

    void gone() {
        gone = true;
    }

    private Item take() {
        try {
            return items.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gone = true;
            throw new CancellationException("interrupted");
        }
    }
}
