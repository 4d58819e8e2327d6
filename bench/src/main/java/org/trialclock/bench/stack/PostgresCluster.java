package org.trialclock.bench.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The PostgreSQL cluster serving the stack's port, as {@code pg_lsclusters} lists it, restarted with
 * {@code pg_ctlcluster} (fast shutdown: every connection is cut, as in a failover). The machine's {@code main}
 * cluster is restarted only when {@code DRILL_RESTART_MAIN_CLUSTER=yes}: on a shared machine other people's
 * tests use it.
 */
public record PostgresCluster(String version, String name, int port) {

    public static PostgresCluster serving(int port) throws IOException, InterruptedException {
        String listing = run(List.of("pg_lsclusters", "-h"));
        for (String line : listing.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[2].equals(String.valueOf(port))) {
                return new PostgresCluster(f[0], f[1], port);
            }
        }
        throw new IllegalStateException("no PostgreSQL cluster on port " + port + " in pg_lsclusters:\n" + listing);
    }

    public void restart() throws IOException, InterruptedException {
        if (name.equals("main") && !"yes".equals(System.getenv("DRILL_RESTART_MAIN_CLUSTER"))) {
            throw new IllegalStateException("refusing to restart the machine's cluster " + version + "/main: give the"
                    + " drills a cluster of their own (bench/README.md) or set DRILL_RESTART_MAIN_CLUSTER=yes");
        }
        run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", "--mode", "fast", version, name, "restart"));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    @Override
    public String toString() {
        return version + "/" + name + " (port " + port + ")";
    }
}
