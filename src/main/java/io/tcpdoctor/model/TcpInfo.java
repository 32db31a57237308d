package io.tcpdoctor.model;

/** The few tcp_info fields tcpdoctor uses: idle times in ms and smoothed RTT in microseconds. */
public record TcpInfo(long lastDataSentMs, long lastDataRecvMs, long lastAckRecvMs, long rttUs, int unacked) {
    /** Time since any data moved in either direction. */
    public long idleMs() {
        return Math.min(lastDataSentMs, lastDataRecvMs);
    }
}
