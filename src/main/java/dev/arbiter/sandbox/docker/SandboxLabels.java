package dev.arbiter.sandbox.docker;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Labels on every sandbox container. The owner label names host, process id and process start time, so a sweeper can
 * tell a live instance's containers from those an ended process left behind.
 */
public final class SandboxLabels {
    public static final String SANDBOX = "dev.arbiter.sandbox";
    public static final String OWNER = "dev.arbiter.owner";
    public static final String RUNTIME = "dev.arbiter.runtime";
    public static final String CREATED = "dev.arbiter.created";

    private static final String SELF = owner(hostName(), ProcessHandle.current().pid(), processStart());

    private SandboxLabels() {
    }

    public static String self() {
        return SELF;
    }

    static Map<String, String> forNew(String runtime) {
        return Map.of(SANDBOX, "1", OWNER, SELF, RUNTIME, runtime, CREATED, Long.toString(System.currentTimeMillis()));
    }

    static String owner(String host, long pid, long startMillis) {
        return host + "/" + pid + "/" + startMillis;
    }

    /** Whether the owner is a process on this host that no longer runs (or is another process with that pid). */
    static boolean ownerIsGoneFromThisHost(String owner) {
        String[] parts = owner == null ? new String[0] : owner.split("/");
        if (parts.length != 3 || !parts[0].equals(hostName())) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            long start = Long.parseLong(parts[2]);
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            return process.isEmpty() || process.get().info().startInstant()
                    .map(i -> Math.abs(i.toEpochMilli() - start) > 2000).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static long processStart() {
        return ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli())
                .orElse(ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
