package io.tcpdoctor.collect;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.SocketFilter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
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
        read(filter, line -> {
            SocketRecord r;
            try {
                r = ProcNetTcp.parse(line, users);
            } catch (IllegalArgumentException e) {
                return;
            }
            if (filter.states().contains(r.state())) {
                sink.accept(r);
            }
        });
    }

    @Override
    public StateCounts count(SocketFilter filter) {
        StateCounts c = new StateCounts();
        try (Netns ns = Netns.enter(netns)) {
            Path dir = ns.procNet();
            for (String name : files(filter)) {
                c.addAll(count(dir.resolve(name), filter));
            }
        }
        return c;
    }

    /** One file's counts (read by {@link ProcFile}, without NIO). */
    static StateCounts count(Path file, SocketFilter filter) {
        StateCounts c = new StateCounts();
        ProcNetTcp.StateCounter counter = new ProcNetTcp.StateCounter(filter.states(), c);
        withFile(file, () -> {
            try (InputStream in = ProcFile.open(file)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    counter.accept(buf, n);
                }
                counter.end();
            }
        });
        return c;
    }

    private void read(SocketFilter filter, Consumer<String> rows) {
        try (Netns ns = Netns.enter(netns)) {
            Path dir = ns.procNet();
            for (String name : files(filter)) {
                Path file = dir.resolve(name);
                withFile(file, () -> {
                    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
                        String line = in.readLine();
                        while ((line = in.readLine()) != null) {
                            rows.accept(line);
                        }
                    }
                });
            }
        }
    }

    private static List<String> files(SocketFilter filter) {
        return filter.ipv4() && filter.ipv6() ? List.of("tcp", "tcp6") : filter.ipv4() ? List.of("tcp")
                : filter.ipv6() ? List.of("tcp6") : List.of();
    }

    private interface FileRead {
        void run() throws IOException;
    }

    private static void withFile(Path file, FileRead read) {
        try {
            read.run();
        } catch (NoSuchFileException e) {
            // No tcp6 file means IPv6 is disabled: there are simply no such sockets.
            if (!file.getFileName().toString().equals("tcp6")) {
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot read " + file + ": no such file");
            }
        } catch (AccessDeniedException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
