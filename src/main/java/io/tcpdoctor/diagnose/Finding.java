package io.tcpdoctor.diagnose;

import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.Owner;
import java.util.List;
import java.util.Map;

/**
 * One diagnosis: a stable {@code id} (documented in the README), its severity, a one-line title, the
 * numbers behind it (ordered), why it happens, and what to do. {@code process} is the process named
 * (null when unknown), {@code processInferred} true when it was deduced rather than seen owning the
 * sockets; {@code peer} and {@code local} name the remote and local endpoint concerned, when there is one.
 */
public record Finding(
        String id,
        Severity severity,
        String title,
        Map<String, Object> evidence,
        String explanation,
        List<Action> actions,
        Owner process,
        boolean processInferred,
        String peer,
        String local) {

    public Finding {
        evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
        actions = List.copyOf(actions);
    }
}
