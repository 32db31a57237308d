package io.tcpdoctor.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One metric family of the exporter's own model: name (as exposed, counters ending in {@code _total}), help,
 * type and its series. Independent of any exposition format, so another exporter can be fed the same model.
 */
public record Family(String name, String help, Type type, List<Series> series) {

    /** The metric types the exporter uses. */
    public enum Type { GAUGE, COUNTER, HISTOGRAM }

    public Family {
        series = List.copyOf(series);
    }

    /** Joins the families of several namespaces: one family per name, series in namespace order. */
    public static List<Family> merge(List<List<Family>> perNamespace) {
        Map<String, Family> first = new LinkedHashMap<>();
        Map<String, List<Series>> all = new LinkedHashMap<>();
        for (List<Family> fs : perNamespace) {
            for (Family f : fs) {
                first.putIfAbsent(f.name(), f);
                all.computeIfAbsent(f.name(), k -> new ArrayList<>()).addAll(f.series());
            }
        }
        List<Family> out = new ArrayList<>(first.size());
        first.forEach((name, f) -> out.add(new Family(name, f.help(), f.type(), all.get(name))));
        return out;
    }
}
