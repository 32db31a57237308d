package io.tcpdoctor.fleet;

/** A process (command name, or {@code other}) and how many sockets it holds in one state. */
public record ProcessCount(String process, long count) {
}
