package io.tcpdoctor.collect;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.SocketFilter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Reads /proc/net/tcp and tcp6: the fallback when netlink sock_diag is unavailable (slow with many sockets). */
public final class ProcSource implements SocketSource {
    private final String netns;
    private final UidNames users;

    public ProcSource(String netns, UidNames users) {
        this.netns = netns;
        this.users = users;
    }

    @Override
    public String name() {
        return "proc";
    }

    @Override
    public void scan(SocketFilter filter, boolean withInfo, Consumer<SocketRecord> sink) {
        eachTable(filter, in -> rows(in, filter, users, sink));
    }

    /** The whole text of each table the filter reads (tcp, tcp6; no tcp6 file: none), for a small table. */
    List<byte[]> tables(SocketFilter filter) {
        List<byte[]> tables = new java.util.ArrayList<>(2);
        eachTable(filter, in -> tables.add(in.readAllBytes()));
        return tables;
    }

    private interface TableRead {
        void read(InputStream in) throws IOException;
    }

    /** Opens each table file the filter reads, inside the namespace, and hands it to {@code read}. */
    private void eachTable(SocketFilter filter, TableRead read) {
        try (Netns ns = Netns.enter(netns)) {
            Path dir = ns.procNet();
            for (String name : files(filter)) {
                readTable(dir.resolve(name), read);
            }
        }
    }

    /**
     * Opens one table file (with {@link ProcFile}, without NIO) and hands it to {@code read}. No tcp6 file means IPv6
     * is disabled: there are simply no such sockets. Any other failure is a clear error.
     */
    private static void readTable(Path file, TableRead read) {
        try (InputStream in = ProcFile.open(file)) {
            read.read(in);
        } catch (NoSuchFileException e) {
            if (!file.getFileName().toString().equals("tcp6")) {
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot read " + file + ": no such file");
            }
        } catch (AccessDeniedException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Hands on the rows of a table's text in the filter's states (the header and damaged rows skipped). */
    static void rows(byte[] table, SocketFilter filter, UidNames users, Consumer<SocketRecord> sink) {
        eachRow(table, parsed(filter, users, sink));
    }

    /**
     * Hands on the rows of one file in the filter's states, read from its bytes in place in 64 KB chunks
     * ({@link ProcNetTcp#parse(byte[], int, int, UidNames, RecentEndpoints)}); the header and damaged rows are
     * skipped.
     */
    static void rows(InputStream in, SocketFilter filter, UidNames users, Consumer<SocketRecord> sink)
            throws IOException {
        RowSpan each = parsed(filter, users, sink);
        byte[] buf = new byte[1 << 16];
        int have = 0;
        int n;
        while ((n = in.read(buf, have, buf.length - have)) > 0 || have > 0) {
            int end = have + Math.max(n, 0);
            int start = completeRows(buf, end, each);
            if (n <= 0) {
                each.take(buf, start, end); // a last row without a newline
                return;
            }
            have = end - start;
            System.arraycopy(buf, start, buf, 0, have);
            if (have == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2); // a row longer than the buffer
            }
        }
    }

    /**
     * True when some row of a table's text passes the test, which sees only each row's state and receive queue
     * ({@link ProcNetTcp#passes}); the header and damaged rows are skipped.
     */
    static boolean anyRow(byte[] table, ProcNetTcp.RowTest test) {
        return !eachRow(table, (b, from, to) -> !ProcNetTcp.passes(b, from, to, test));
    }

    /** A row of a table's text, {@code b[from, to)} without its line feed; false stops the reading. */
    private interface RowSpan {
        boolean take(byte[] b, int from, int to);
    }

    /** Parses each row and hands on those in the filter's states. */
    private static RowSpan parsed(SocketFilter filter, UidNames users, Consumer<SocketRecord> sink) {
        RecentEndpoints recent = new RecentEndpoints();
        return (b, from, to) -> {
            SocketRecord r = ProcNetTcp.parse(b, from, to, users, recent);
            if (r != null && filter.states().contains(r.state())) {
                sink.accept(r);
            }
            return true;
        };
    }

    /**
     * Hands each complete row (ended by a line feed) of {@code b[0, end)} to the sink; gives where the rest begins,
     * or -1 when the sink stopped.
     */
    private static int completeRows(byte[] b, int end, RowSpan sink) {
        int start = 0;
        for (int i = 0; i < end; i++) {
            if (b[i] == '\n') {
                if (!sink.take(b, start, i)) {
                    return -1;
                }
                start = i + 1;
            }
        }
        return start;
    }

    /** Hands every row of a table's whole text to the sink, a last one without a line feed too; false if it stopped. */
    private static boolean eachRow(byte[] table, RowSpan sink) {
        int rest = completeRows(table, table.length, sink);
        return rest >= 0 && (rest == table.length || sink.take(table, rest, table.length));
    }

    @Override
    public StateCounts count(SocketFilter filter) {
        StateCounts c = new StateCounts();
        eachTable(filter, in -> count(in, filter, c));
        return c;
    }

    /** One file's counts. */
    static StateCounts count(Path file, SocketFilter filter) {
        StateCounts c = new StateCounts();
        readTable(file, in -> count(in, filter, c));
        return c;
    }

    /** Adds the states of a table's rows to {@code c}, read from its bytes 64 KB at a time. */
    private static void count(InputStream in, SocketFilter filter, StateCounts c) throws IOException {
        ProcNetTcp.StateCounter counter = new ProcNetTcp.StateCounter(filter.states(), c);
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            counter.accept(buf, n);
        }
        counter.end();
    }

    private static List<String> files(SocketFilter filter) {
        return filter.ipv4() && filter.ipv6() ? List.of("tcp", "tcp6") : filter.ipv4() ? List.of("tcp")
                : filter.ipv6() ? List.of("tcp6") : List.of();
    }
}
