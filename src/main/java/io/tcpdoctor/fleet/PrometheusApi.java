package io.tcpdoctor.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small client of Prometheus's HTTP API ({@code GET /api/v1/query}): instant queries only, an optional bearer
 * token, one timeout for connecting and for the whole answer. Every failure becomes a one-line
 * {@link TcpdoctorException}: a bad URL is a usage error, an unreachable or refusing server "unavailable",
 * and an answer that is not Prometheus's JSON "bad input".
 */
public final class PrometheusApi {
    private static final JsonFactory JSON = new JsonFactory();
    /** Answers larger than this are not a fleet summary: refuse rather than fill the heap. */
    static final int MAX_ANSWER_BYTES = 64 << 20;

    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    private PrometheusApi(URI base, String token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** A client for the server at {@code url} (http or https, optionally with a path prefix). */
    public static PrometheusApi of(String url, Path authFile, Duration timeout) {
        return new PrometheusApi(parseUrl(url), authFile == null ? null : readToken(authFile), timeout);
    }

    /** The server's base URL as given (without a trailing slash). */
    public String url() {
        return base.toString();
    }

    static URI parseUrl(String url) {
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new TcpdoctorException(ExitCode.USAGE, "bad --prometheus URL '" + url + "': " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw new TcpdoctorException(ExitCode.USAGE, "bad --prometheus URL '" + url
                    + "': give http://HOST:PORT or https://HOST:PORT (with a path prefix if Prometheus has one)");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw new TcpdoctorException(ExitCode.USAGE, "bad --prometheus URL '" + url
                    + "': no query, fragment or user name in the URL (a token goes in --auth-file)");
        }
        String s = u.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    static String readToken(Path file) {
        String t;
        try {
            t = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot read --auth-file " + file + ": no such file");
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot read --auth-file " + file + ": " + e.getMessage());
        }
        if (t.isEmpty() || t.contains("\n") || t.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, file + ": the auth file must hold one bearer token "
                    + "(one line of printable ASCII without spaces)");
        }
        return t;
    }

    /** Runs an instant query at the server's current time; the result must be a vector. */
    public List<Sample> query(String promql) {
        URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET();
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("no connection within " + seconds() + " (--timeout)");
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer within " + seconds() + " (--timeout)");
        } catch (ConnectException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why = cause instanceof UnresolvedAddressException ? "unknown host"
                    : cause.getMessage() != null ? cause.getMessage() : "connection refused";
            throw unreachable(why);
        } catch (IOException e) {
            throw unreachable(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("interrupted");
        }
        return parse(resp.statusCode(), resp.headers().firstValue("Content-Type").orElse(""), resp.body());
    }

    private String seconds() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    private TcpdoctorException unreachable(String why) {
        return new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot reach Prometheus at " + base + ": " + why);
    }

    /** Turns one HTTP answer into samples, or into the error it stands for. */
    List<Sample> parse(int status, String contentType, byte[] body) {
        if (status == 401 || status == 403) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "Prometheus at " + base + " refused the request (HTTP "
                    + status + ")" + (token == null ? ": it needs a bearer token (--auth-file FILE)" : ": check the token in --auth-file"));
        }
        if (body.length > MAX_ANSWER_BYTES) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "answer from " + base + " is larger than "
                    + (MAX_ANSWER_BYTES >> 20) + " MB: not a fleet summary");
        }
        Object doc;
        try {
            doc = readJson(body);
        } catch (IOException | IllegalStateException e) {
            doc = null;
        }
        if (!(doc instanceof Map<?, ?> m) || !(m.get("status") instanceof String st)) {
            String type = contentType.isBlank() ? "no content type" : contentType.split(";")[0].trim();
            throw new TcpdoctorException(ExitCode.BAD_INPUT, base + " does not answer like a Prometheus server (HTTP "
                    + status + ", " + type + ", not the query API's JSON); is the URL right?");
        }
        if (!st.equals("success")) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "Prometheus at " + base + " answered with an error (HTTP " + status
                    + "): " + m.get("errorType") + ": " + m.get("error"));
        }
        if (!(m.get("data") instanceof Map<?, ?> data) || !"vector".equals(data.get("resultType"))
                || !(data.get("result") instanceof List<?> result)) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "Prometheus at " + base + " answered without a vector result");
        }
        List<Sample> out = new ArrayList<>(result.size());
        for (Object o : result) {
            if (o instanceof Map<?, ?> r && r.get("metric") instanceof Map<?, ?> metric && r.get("value") instanceof List<?> v
                    && v.size() == 2 && v.get(1) instanceof String s) {
                Map<String, String> labels = new LinkedHashMap<>();
                metric.forEach((k, val) -> labels.put(String.valueOf(k), String.valueOf(val)));
                out.add(new Sample(labels, parseValue(s)));
            } else {
                throw new TcpdoctorException(ExitCode.BAD_INPUT, "Prometheus at " + base + " answered with a malformed sample");
            }
        }
        return out;
    }

    private double parseValue(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new TcpdoctorException(ExitCode.BAD_INPUT, "Prometheus at " + base + " answered with a bad number '" + s + "'");
                }
            }
        };
    }

    /** Reads a JSON document into maps, lists, strings, doubles, booleans and nulls. */
    static Object readJson(byte[] body) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() == null) {
                return null;
            }
            Object v = value(p, 0);
            if (p.nextToken() != null) {
                throw new IllegalStateException("trailing data");
            }
            return v;
        }
    }

    private static Object value(JsonParser p, int depth) throws IOException {
        if (depth > 32) {
            throw new IllegalStateException("nested too deeply");
        }
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, value(p, depth + 1));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p, depth + 1));
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("unexpected " + t);
        };
    }
}
