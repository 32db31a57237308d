import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent scrapers against one URL, each a loop of GETs on its own keep-alive connection, for a fixed time.
 *
 * <pre>java ScrapeLoad.java URL SCRAPERS SECONDS [HEADER:VALUE]</pre>
 * Prints one line: {@code requests N errors E rps R p50_ms A p99_ms B max_ms C}; exits 1 when any request failed
 * (a status other than 200, a timeout or a broken connection). Every loop ends when the time is up.
 */
public final class ScrapeLoad {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int scrapers = Integer.parseInt(args[1]);
        long millis = (long) (Double.parseDouble(args[2]) * 1000);
        String[] header = args.length > 3 ? args[3].split(":", 2) : null;
        AtomicLong errors = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        // The clock starts when every scraper has its client: building the first one can take seconds.
        CountDownLatch ready = new CountDownLatch(scrapers);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong end = new AtomicLong();
        StringBuffer firstError = new StringBuffer();
        for (int i = 0; i < scrapers; i++) {
            long[] lat = new long[200_000];
            perThread.add(lat);
            threads.add(Thread.ofPlatform().start(() -> {
                int n = 0;
                try (HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
                    if (header != null) {
                        b.header(header[0].strip(), header[1].strip());
                    }
                    HttpRequest req = b.build();
                    ready.countDown();
                    go.await();
                    while (System.nanoTime() < end.get() && n < lat.length - 1) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<byte[]> r = c.send(req, HttpResponse.BodyHandlers.ofByteArray());
                            if (r.statusCode() != 200 || r.body().length == 0) {
                                errors.incrementAndGet();
                                if (firstError.isEmpty()) {
                                    firstError.append("status ").append(r.statusCode());
                                }
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            if (firstError.isEmpty()) {
                                firstError.append(e);
                            }
                        }
                        lat[++n] = System.nanoTime() - t0;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                lat[0] = n;
            }));
        }
        ready.await(60, TimeUnit.SECONDS);
        end.set(System.nanoTime() + millis * 1_000_000);
        go.countDown();
        for (Thread t : threads) {
            t.join(millis + 60_000);
        }
        int total = 0;
        for (long[] l : perThread) {
            total += (int) l[0];
        }
        long[] all = new long[total];
        int k = 0;
        for (long[] l : perThread) {
            System.arraycopy(l, 1, all, k, (int) l[0]);
            k += (int) l[0];
        }
        Arrays.sort(all);
        double p50 = total == 0 ? 0 : all[total / 2] / 1e6;
        double p99 = total == 0 ? 0 : all[Math.min(total - 1, (int) (total * 0.99))] / 1e6;
        double max = total == 0 ? 0 : all[total - 1] / 1e6;
        System.out.printf("requests %d errors %d rps %.1f p50_ms %.2f p99_ms %.2f max_ms %.2f%s%n", total, errors.get(),
                total / (millis / 1000.0), p50, p99, max, firstError.isEmpty() ? "" : " first_error " + firstError);
        System.exit(errors.get() == 0 && total > 0 ? 0 : 1);
    }
}
