package io.tcpdoctor.collect;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.StateCounts;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.SocketFilter;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
        read(filter, line -> {
            TcpState s = ProcNetTcp.stateOf(line);
            if (s != null && filter.states().contains(s)) {
                c.add(s);
            }
        });
        return c;
    }

    private void read(SocketFilter filter, Consumer<String> rows) {
        try (Netns ns = Netns.enter(netns)) {
            Path dir = ns.procNet();
            if (filter.ipv4()) {
                readFile(dir.resolve("tcp"), rows);
            }
            if (filter.ipv6()) {
                readFile(dir.resolve("tcp6"), rows);
            }
        }
    }

    private static void readFile(Path file, Consumer<String> rows) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line = in.readLine();
            while ((line = in.readLine()) != null) {
                rows.accept(line);
            }
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
