package io.tcpdoctor.model;

/** One IPVS connection-table entry from {@code ipvsadm -Lnc}: not a socket, and its states are IPVS's own. */
public record IpvsEntry(String proto, long expiresSec, String state, Endpoint source, Endpoint virtual, Endpoint destination) {
}
