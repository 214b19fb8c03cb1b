package fr.presenca.connexion.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * CPU time consumed by a process (user + system, from {@code /proc/<pid>/stat}), in clock ticks. For the PostgreSQL
 * postmaster it adds its live children (the backends, the checkpointer, …) and the children it has already reaped
 * ({@code cutime}/{@code cstime}), so backends that come and go, like pgbench's, are counted too.
 *
 * <p>{@code java ProcessCpu --pid=P [--tree=true | --threads=Compiler]} prints the ticks, for run.sh to take
 * differences; {@code --threads} counts only the process's threads whose name contains the text (the JIT's
 * "C2 CompilerThread0", …).
 */
final class ProcessCpu {

    private ProcessCpu() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = ClosedLoopLoad.parse(args);
        long pid = Long.parseLong(options.get("pid"));
        if (options.containsKey("threads")) {
            System.out.println(threadTicks(pid, options.get("threads")));
        } else {
            System.out.println(Boolean.parseBoolean(options.getOrDefault("tree", "false")) ? treeTicks(pid) : ticks(pid));
        }
    }

    /** The ticks of the process's threads whose name contains {@code name}. */
    static long threadTicks(long pid, String name) throws IOException {
        long total = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path thread : threads) {
                String line;
                try {
                    line = Files.readString(thread.resolve("stat"));
                } catch (IOException | RuntimeException gone) {
                    continue;
                }
                String comm = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
                long[] fields = stat(thread.resolve("stat"));
                if (comm.contains(name) && fields != null) {
                    total += fields[14] + fields[15];
                }
            }
        }
        return total;
    }

    /** The process's own user + system ticks (all its threads); 0 if it is gone. */
    static long ticks(long pid) {
        long[] fields = stat(Path.of("/proc", Long.toString(pid), "stat"));
        return fields == null ? 0 : fields[14] + fields[15];
    }

    /** The process, its reaped children and its live children (one level, as PostgreSQL's processes are). */
    static long treeTicks(long pid) throws IOException {
        long[] own = stat(Path.of("/proc", Long.toString(pid), "stat"));
        if (own == null) {
            return 0;
        }
        long total = own[14] + own[15] + own[16] + own[17];
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long[] fields = stat(process.resolve("stat"));
                if (fields != null && fields[4] == pid) {
                    total += fields[14] + fields[15];
                }
            }
        }
        return total;
    }

    /**
     * The numeric fields of a stat line, indexed as in proc(5) (1-based: [4] is ppid, [14] utime, [15] stime,
     * [16] cutime, [17] cstime); null if the process is gone. The command name in parentheses may hold spaces.
     */
    private static long[] stat(Path file) {
        String line;
        try {
            line = Files.readString(file);
        } catch (IOException | RuntimeException gone) {
            return null;
        }
        String[] rest = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        long[] fields = new long[18];
        for (int i = 1; i + 3 < fields.length; i++) { // rest[0] is the state letter (field 3); later fields may be unsigned
            fields[i + 3] = Long.parseLong(rest[i]);
        }
        return fields;
    }
}
