import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The least a JVM program can do for {@code states} and {@code list} of a small table, for bench/live-bench.sh:
 * reads /proc/net/tcp and tcp6 and counts the states ({@code Floor}) or writes one line per socket
 * ({@code Floor list}: the state name and the local and remote fields as the kernel wrote them, in hex, so less
 * than any real listing does). Run with the launcher's JVM options and a start-up cache of its own, its time is a
 * lower bound for tcpdoctor's on the same table: what the JVM's start and the kernel's walk of its socket table
 * cost before any of tcpdoctor's own work.
 */
public final class Floor {
    private static final String[] NAMES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
            "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};

    private Floor() {
    }

    public static void main(String[] args) throws IOException {
        boolean list = args.length > 0 && args[0].equals("list");
        byte[][] names = new byte[NAMES.length][];
        for (int i = 0; i < NAMES.length; i++) {
            names[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
        }
        long[] counts = new long[NAMES.length];
        byte[] buf = new byte[1 << 16];
        byte[] line = new byte[512];
        byte[] out = new byte[1 << 16];
        int o = 0;
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        for (String file : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try (FileInputStream in = new FileInputStream(file)) {
                int len = 0;
                boolean header = true;
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        byte b = buf[i];
                        if (b != '\n') {
                            if (len < line.length) {
                                line[len++] = b;
                            }
                            continue;
                        }
                        if (header) {
                            header = false;
                            len = 0;
                            continue;
                        }
                        // Fields: sl, local, remote, state.
                        int p = 0;
                        int field = 0;
                        int state = 0;
                        int ls = 0;
                        int le = 0;
                        int rs = 0;
                        int re = 0;
                        while (p < len && field < 4) {
                            while (p < len && line[p] == ' ') {
                                p++;
                            }
                            int s = p;
                            while (p < len && line[p] != ' ') {
                                p++;
                            }
                            if (field == 1) {
                                ls = s;
                                le = p;
                            } else if (field == 2) {
                                rs = s;
                                re = p;
                            } else if (field == 3 && p - s == 2) {
                                state = Character.digit(line[s], 16) * 16 + Character.digit(line[s + 1], 16);
                            }
                            field++;
                        }
                        int st = state > 0 && state < NAMES.length ? state : 0;
                        counts[st]++;
                        if (list) {
                            if (o + line.length + 32 > out.length) {
                                stdout.write(out, 0, o);
                                o = 0;
                            }
                            System.arraycopy(names[st], 0, out, o, names[st].length);
                            o += names[st].length;
                            out[o++] = ' ';
                            System.arraycopy(line, ls, out, o, le - ls);
                            o += le - ls;
                            out[o++] = ' ';
                            System.arraycopy(line, rs, out, o, re - rs);
                            o += re - rs;
                            out[o++] = '\n';
                        }
                        len = 0;
                    }
                }
            } catch (java.io.FileNotFoundException e) {
                // No tcp6: IPv6 is off.
            }
        }
        if (!list) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < NAMES.length; i++) {
                if (counts[i] > 0) {
                    sb.append(NAMES[i]).append(' ').append(counts[i]).append('\n');
                }
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, out, o, b.length);
            o += b.length;
        }
        stdout.write(out, 0, o);
        stdout.flush();
    }
}
