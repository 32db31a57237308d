package io.tcpdoctor.serve;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the exporter's model into the Prometheus Java client's snapshots and writes them in the format the
 * scraper asks for: OpenMetrics when its Accept header names it, the Prometheus text format otherwise.
 */
public final class PrometheusExposition {
    private final ExpositionFormats formats = ExpositionFormats.init();

    /** An encoded exposition and its content type. */
    public record Encoded(String contentType, byte[] body) {
    }

    /** Encodes the families for a request's Accept header (null accepted). */
    public Encoded encode(List<Family> families, String accept) {
        ExpositionFormatWriter w = writer(accept);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            w.write(out, snapshots(families));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Encoded(w.getContentType(), out.toByteArray());
    }

    /** The writer for an Accept header; protobuf is never chosen (it is not shipped). */
    ExpositionFormatWriter writer(String accept) {
        if (accept != null && accept.contains("application/openmetrics-text")) {
            return formats.getOpenMetricsTextFormatWriter();
        }
        return formats.getPrometheusTextFormatWriter();
    }

    /** The content type a request with this Accept header gets. */
    public String contentType(String accept) {
        return writer(accept).getContentType();
    }

    /** The client library's snapshots of the model. */
    static MetricSnapshots snapshots(List<Family> families) {
        List<MetricSnapshot> out = new ArrayList<>(families.size());
        for (Family f : families) {
            out.add(switch (f.type()) {
                case GAUGE -> {
                    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(f.name()).help(f.help());
                    for (Series s : f.series()) {
                        b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(s)).value(s.value()).build());
                    }
                    yield b.build();
                }
                case COUNTER -> {
                    // The client adds the _total suffix itself.
                    String base = f.name().endsWith("_total") ? f.name().substring(0, f.name().length() - 6) : f.name();
                    CounterSnapshot.Builder b = CounterSnapshot.builder().name(base).help(f.help());
                    for (Series s : f.series()) {
                        b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(s)).value(s.value()).build());
                    }
                    yield b.build();
                }
                case HISTOGRAM -> {
                    HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(f.name()).help(f.help());
                    for (Series s : f.series()) {
                        Series.Buckets h = s.buckets();
                        b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels(s))
                                .classicHistogramBuckets(ClassicHistogramBuckets.of(h.upperBounds(), h.counts()))
                                .sum(h.sum()).build());
                    }
                    yield b.build();
                }
            });
        }
        return new MetricSnapshots(out);
    }

    private static Labels labels(Series s) {
        return Labels.of(s.labels().toArray(String[]::new));
    }
}
