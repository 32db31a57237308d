package io.tcpdoctor.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The credentials a request must present, read from a file so that they never appear in a command line.
 * Each non-empty line that is not a comment is {@code bearer TOKEN}, {@code basic USER:PASSWORD}, or a bare
 * token. Requests are compared in constant time against every accepted {@code Authorization} value.
 */
public final class Auth {
    private final List<byte[]> accepted;
    private final boolean basic;

    private Auth(List<byte[]> accepted, boolean basic) {
        this.accepted = accepted;
        this.basic = basic;
    }

    /** Reads an auth file; problems are {@link IllegalArgumentException}s naming the file and line. */
    public static Auth read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<byte[]> accepted = new ArrayList<>();
        boolean basic = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String lower = l.toLowerCase(Locale.ROOT);
            String header;
            if (lower.startsWith("basic ")) {
                String cred = l.substring(6).strip();
                if (cred.indexOf(':') <= 0) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": basic needs USER:PASSWORD");
                }
                header = "Basic " + Base64.getEncoder().encodeToString(cred.getBytes(StandardCharsets.UTF_8));
                basic = true;
            } else {
                String token = lower.startsWith("bearer ") ? l.substring(7).strip() : l;
                if (token.length() < 16 || token.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": a bearer token needs at least 16 characters and no spaces");
                }
                header = "Bearer " + token;
            }
            accepted.add(header.getBytes(StandardCharsets.UTF_8));
        }
        if (accepted.isEmpty()) {
            throw new IllegalArgumentException(file + ": no credentials (lines 'bearer TOKEN' or 'basic USER:PASSWORD')");
        }
        return new Auth(List.copyOf(accepted), basic);
    }

    /** True when the request's Authorization header (nullable) matches an accepted credential. */
    public boolean allows(String authorization) {
        if (authorization == null) {
            return false;
        }
        byte[] got = authorization.strip().getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] a : accepted) {
            // No early exit: every credential is compared, each in constant time.
            ok |= java.security.MessageDigest.isEqual(a, got);
        }
        return ok;
    }

    /** The WWW-Authenticate challenge of a 401 answer (Basic when a password is configured, so browsers ask). */
    public String challenge() {
        return basic ? "Basic realm=\"tcpdoctor\", charset=\"UTF-8\"" : "Bearer realm=\"tcpdoctor\"";
    }
}
