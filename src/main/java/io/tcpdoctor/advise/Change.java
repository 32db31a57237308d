package io.tcpdoctor.advise;

/** One recommended sysctl change: the key, its current and recommended value, and why it helps. */
public record Change(String key, String current, String recommended, String reason) {
}
