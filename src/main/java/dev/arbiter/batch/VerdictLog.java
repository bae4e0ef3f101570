package dev.arbiter.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The output of a batch: JSON lines appended and forced to disk one by one, so a kill at any moment loses at most
 * the line being written. Opening it again drops a torn last line and returns the ids already written, so a re-run
 * skips them: nothing lost, nothing duplicated.
 */
final class VerdictLog implements AutoCloseable {
    private final FileChannel channel;
    private final Set<String> done;

    private VerdictLog(FileChannel channel, Set<String> done) {
        this.channel = channel;
        this.done = done;
    }

    static VerdictLog open(Path file, java.util.function.Function<String, String> idOf) throws IOException {
        Set<String> done = new HashSet<>();
        long keep = 0;
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    String id = idOf.apply(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    if (id == null) {
                        break;
                    }
                    done.add(id);
                    start = i + 1;
                    keep = start;
                }
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(keep);
        channel.position(keep);
        channel.force(true);
        return new VerdictLog(channel, done);
    }

    /** The id of a verdict line, or null when it is not one (a line torn by a kill during the write). */
    static String idOf(ObjectMapper json, String line) {
        try {
            JsonNode n = json.readTree(line);
            return n != null && n.hasNonNull("id") && n.has("verdict") ? n.get("id").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    Set<String> done() {
        return done;
    }

    synchronized void append(String jsonLine) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((jsonLine + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
