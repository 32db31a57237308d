package io.tcpdoctor.fleet;

import io.tcpdoctor.model.Severity;

/** A finding an instance's exporter reports as active: its id, severity, namespace ("" = host) and title. */
public record ActiveFinding(String id, Severity severity, String netns, String title) {
}
