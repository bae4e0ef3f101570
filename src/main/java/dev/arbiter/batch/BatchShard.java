package dev.arbiter.batch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of {@code count} parts of a batch's input, {@code index} in 1..count. An item belongs to the part its id hashes
 * to: the first 8 bytes of SHA-256 of the id's UTF-8 bytes, read as an unsigned big-endian number, modulo count, plus
 * one. So the same id lands in the same part whatever the line order, machine or JVM, and every id in exactly one.
 */
public record BatchShard(int index, int count) {
    /** The whole input: what {@code arbiter score} scores without {@code --shard}. */
    public static final BatchShard ALL = new BatchShard(1, 1);
    /** The 0-based index a Kubernetes Indexed Job gives each of its pods. */
    public static final String JOB_INDEX_VARIABLE = "JOB_COMPLETION_INDEX";
    private static final Pattern SPEC = Pattern.compile("(\\d{1,9}|job)/(\\d{1,9})");

    public BatchShard {
        if (count < 1) {
            throw new IllegalArgumentException("the number of shards must be at least 1, not " + count);
        }
        if (index < 1 || index > count) {
            throw new IllegalArgumentException("the shard must be in 1.." + count + ", not " + index);
        }
    }

    /**
     * Reads {@code I/N} (1-based) or {@code job/N}, where I is {@value #JOB_INDEX_VARIABLE} + 1 looked up in
     * {@code env}; the message of the exception says what is wrong.
     */
    public static BatchShard parse(String spec, Function<String, String> env) {
        Matcher m = SPEC.matcher(spec == null ? "" : spec.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + spec + "' is not I/N (1 <= I <= N, as 1/4) or job/N");
        }
        int count = Integer.parseInt(m.group(2));
        if (count < 1) {
            throw new IllegalArgumentException("'" + spec + "': the number of shards N must be at least 1");
        }
        if (!"job".equals(m.group(1))) {
            int index = Integer.parseInt(m.group(1));
            if (index < 1 || index > count) {
                throw new IllegalArgumentException("'" + spec + "': the shard I must be in 1.." + count + " (1-based)");
            }
            return new BatchShard(index, count);
        }
        String value = env.apply(JOB_INDEX_VARIABLE);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + spec + "' takes the shard from " + JOB_INDEX_VARIABLE
                    + " (set by a Kubernetes Indexed Job), which is not set");
        }
        int jobIndex;
        try {
            jobIndex = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(JOB_INDEX_VARIABLE + "='" + value + "' is not a number");
        }
        if (jobIndex < 0 || jobIndex >= count) {
            throw new IllegalArgumentException(JOB_INDEX_VARIABLE + "=" + jobIndex + " is out of range for '" + spec
                    + "': it must be in 0.." + (count - 1) + " (0-based; the Job's completions must be " + count + ")");
        }
        return new BatchShard(jobIndex + 1, count);
    }

    /** The shard (1-based) of {@code count} that {@code id} belongs to. */
    public static int of(String id, int count) {
        byte[] digest = sha256().digest(id.getBytes(StandardCharsets.UTF_8));
        return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), count) + 1;
    }

    public boolean contains(String id) {
        return count == 1 || of(id, count) == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
