package io.tcpdoctor.fleet;

/** The destination of an instance whose ephemeral ports are most used, and the share in use (0..1). */
public record PortPressure(String destination, String netns, double ratio) {
}
