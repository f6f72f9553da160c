package io.corpusgraph.jobs.output;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who holds a {@link DateLock}: the run, and the driver process that wrote the lock (host, pid and the
 * process's start time, so that a pid reused by a later process is not taken for the holder). One line
 * in the lock file, e.g. {@code run 1b2c… since 2024-06-03T10:00:00Z on node7 pid 4242 (started 2024-06-03T09:59:40Z)}.
 */
record LockHolder(String runId, String since, String host, long pid, String processStart) {

    private static final Pattern LINE = Pattern.compile("run (.*) since (\\S+) on (\\S+) pid (\\d+) \\(started (\\S+)\\)");
    private static final String UNKNOWN = "unknown";

    /** This process, holding the lock for the given run from now on. */
    static LockHolder current(String runId) {
        ProcessHandle self = ProcessHandle.current();
        return new LockHolder(runId, Instant.now().toString(), localHost(), self.pid(), startOf(self));
    }

    static Optional<LockHolder> parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        return m.matches()
                ? Optional.of(new LockHolder(m.group(1), m.group(2), m.group(3), Long.parseLong(m.group(4)), m.group(5)))
                : Optional.empty();
    }

    String line() {
        return "run " + runId + " since " + since + " on " + host + " pid " + pid + " (started " + processStart + ")";
    }

    /**
     * True only when the holder surely no longer runs: it was on this host and its process is gone (or the
     * pid now belongs to a process started at another time). A holder on another host may well be alive.
     */
    boolean isGoneFromThisHost() {
        if (host.equals(UNKNOWN) || !host.equals(localHost())) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isEmpty() || !process.get().isAlive()
                || (!processStart.equals(UNKNOWN) && !processStart.equals(startOf(process.get())));
    }

    private static String startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toString).orElse(UNKNOWN);
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return UNKNOWN;  // then no lock is ever taken for stale: deleting it stays a person's decision
        }
    }
}
