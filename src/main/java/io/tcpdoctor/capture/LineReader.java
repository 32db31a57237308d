package io.tcpdoctor.capture;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Lines of a capture with bounded memory: LF, CRLF or CR line ends; a UTF-8 or UTF-16 byte-order mark picks
 * the encoding (Windows PowerShell 5 redirects write UTF-16LE), otherwise UTF-8 with bad bytes replaced.
 * A line longer than {@link #MAX_LINE} characters is cut there and flagged, so no input needs more memory
 * than one such line.
 */
public final class LineReader implements Closeable {
    /** Longest line kept; the rest of a longer line is dropped. */
    public static final int MAX_LINE = 16_384;

    private final Reader in;
    private final char[] buf = new char[8192];
    private int pos;
    private int len;
    private boolean eof;
    private boolean lastWasCr;
    private boolean truncated;
    private long number;

    /** Reads from a stream, detecting a byte-order mark. */
    public LineReader(InputStream raw) throws IOException {
        BufferedInputStream b = new BufferedInputStream(raw, 1 << 16);
        b.mark(SNIFF);
        byte[] head = b.readNBytes(SNIFF);
        b.reset();
        b.mark(4);
        int b0 = b.read();
        int b1 = b.read();
        int b2 = b.read();
        Charset cs = withoutBom(head);
        int skip = 0;
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
            skip = 3;
        } else if (b0 == 0xFF && b1 == 0xFE) {
            cs = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (b0 == 0xFE && b1 == 0xFF) {
            cs = StandardCharsets.UTF_16BE;
            skip = 2;
        }
        b.reset();
        for (int i = 0; i < skip; i++) {
            b.read();
        }
        this.in = new InputStreamReader(b, cs);
    }

    /** Bytes looked at to recognise UTF-16 without a byte-order mark. */
    private static final int SNIFF = 512;

    /**
     * UTF-16 without a byte-order mark (some Windows tools and editors save it so) shows as text with a NUL
     * beside nearly every ASCII character: NULs at odd offsets mean little-endian, at even offsets big-endian.
     * Anything else is read as UTF-8.
     */
    static Charset withoutBom(byte[] head) {
        int pairs = head.length / 2;
        if (pairs < 8) {
            return StandardCharsets.UTF_8;
        }
        int evenZero = 0;
        int oddZero = 0;
        for (int i = 0; i + 1 < head.length; i += 2) {
            evenZero += head[i] == 0 ? 1 : 0;
            oddZero += head[i + 1] == 0 ? 1 : 0;
        }
        if (oddZero * 10 >= pairs * 7 && evenZero * 10 < pairs) {
            return StandardCharsets.UTF_16LE;
        }
        if (evenZero * 10 >= pairs * 7 && oddZero * 10 < pairs) {
            return StandardCharsets.UTF_16BE;
        }
        return StandardCharsets.UTF_8;
    }

    /** Reads from characters (tests, in-memory captures). */
    public LineReader(Reader in) {
        this.in = in;
    }

    /** The next line without its line end, or null at the end of input. */
    public String readLine() throws IOException {
        StringBuilder line = null;
        int kept = 0;
        truncated = false;
        while (true) {
            if (pos >= len) {
                if (eof || !fill()) {
                    if (line == null) {
                        return null;
                    }
                    number++;
                    return line.toString();
                }
            }
            if (lastWasCr) {
                lastWasCr = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < len && buf[pos] != '\n' && buf[pos] != '\r') {
                pos++;
            }
            if (line == null) {
                line = new StringBuilder(Math.min(256, pos - start + 16));
            }
            int room = MAX_LINE - kept;
            int n = pos - start;
            if (n > room) {
                truncated = true;
                n = room;
            }
            line.append(buf, start, n);
            kept += n;
            if (pos < len) {
                lastWasCr = buf[pos] == '\r';
                pos++;
                number++;
                return line.toString();
            }
        }
    }

    /** True when the line just read was longer than {@link #MAX_LINE} and was cut. */
    public boolean truncated() {
        return truncated;
    }

    /** The 1-based number of the line just read. */
    public long number() {
        return number;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        len = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
