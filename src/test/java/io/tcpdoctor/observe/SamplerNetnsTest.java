package io.tcpdoctor.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.query.GroupKey;
import io.tcpdoctor.testing.Churn;
import io.tcpdoctor.testing.TestNetns;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** A sampler over a namespace whose population changes between observations: state changes, counter deltas, rates. */
class SamplerNetnsTest {

    /** Sends one command to a {@link Churn} child and waits until it has carried it out. */
    static void send(Process child, String command) throws IOException {
        OutputStream in = child.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        TestNetns.awaitReady(child, 30_000);
    }

    @Test
    void aChangingPopulationGivesPerStateChangesCounterDeltasAndRates() throws Exception {
        assertTrue(TestNetns.available(), "needs root for network namespaces");
        try (TestNetns ns = TestNetns.create("td-sample")) {
            Process child = ns.startJava(Churn.class);
            int port = Integer.parseInt(TestNetns.awaitReady(child, 60_000).split(" ")[2]);
            send(child, "est 20");
            send(child, "tw 10");
            try (Sampler sampler = new Sampler(Observer.live(ns.name(), Needs.FULL))) {
                Delta first = sampler.next();
                assertThat(first.before()).isNull();
                assertThat(first.sampled()).isFalse();
                assertThat(first.stateChange(TcpState.TIME_WAIT)).isZero();
                assertThat(first.counterDelta("Tcp.ActiveOpens")).isEmpty();
                assertThat(first.now().snapshot().counts().get(TcpState.ESTABLISHED)).isEqualTo(40);
                assertThat(first.now().snapshot().counts().get(TcpState.TIME_WAIT)).isEqualTo(10);
                assertThat(first.now().netns()).isEqualTo(ns.name());
                assertThat(first.now().host().live()).isTrue();
                // Without a sample the close rate is Little's law: 10 TIME_WAIT / 60 s.
                Delta.CloseRate estimate = first.closeRate(r -> r.remote().port() == port);
                assertThat(estimate.measured()).isFalse();
                assertThat(estimate.perSecond()).isCloseTo(10 / 60.0, org.assertj.core.data.Offset.offset(1e-9));

                send(child, "tw 30");
                send(child, "est 5");
                Delta d = sampler.next();
                assertThat(d.sampled()).isTrue();
                assertThat(d.before()).isSameAs(first.now());
                assertThat(d.stateChange(TcpState.TIME_WAIT)).isEqualTo(30);
                assertThat(d.stateChange(TcpState.ESTABLISHED)).isEqualTo(10);
                assertThat(d.stateChange(TcpState.LISTEN)).isZero();
                assertThat(d.stateRate(TcpState.TIME_WAIT)).isCloseTo(30 / d.seconds(), org.assertj.core.data.Offset.offset(1e-9));
                // 35 connect() calls and 35 accepted connections, 30 sockets into TIME_WAIT, in this namespace only.
                assertThat(d.counterDelta("Tcp.ActiveOpens")).hasValue(35);
                assertThat(d.counterDelta("Tcp.PassiveOpens")).hasValue(35);
                assertThat(d.counterDelta("TcpExt.TW")).hasValue(30);
                assertThat(d.counterDelta("TcpExt.TWRecycled")).hasValue(0);
                assertThat(d.counterDelta("TcpExt.TCPTimeWaitOverflow")).hasValue(0);
                assertThat(d.counterDelta("TcpExt.ListenOverflows")).hasValue(0);
                assertThat(d.counterRate("Tcp.ActiveOpens").getAsDouble()).isCloseTo(35 / d.seconds(), org.assertj.core.data.Offset.offset(1e-9));
                // The 30 new TIME_WAIT sockets are the measured closes: counted by the kernel (over the counters'
                // own interval), all of them this group's.
                Delta.CloseRate measured = d.closeRate(r -> r.remote().port() == port);
                assertThat(measured.measured()).isTrue();
                assertThat(measured.source()).isEqualTo("kernel-counters");
                assertThat(d.timeWaitEntered()).hasValue(30);
                assertThat(measured.perSecond() * d.counterSeconds()).isCloseTo(30, org.assertj.core.data.Offset.offset(1e-6));
                // Per group: the TIME_WAIT sockets all point at the listener; per process: the child grew by 10 ESTABLISHED.
                assertThat(d.groupChange(GroupKey.parse("remote-port"), TcpState.TIME_WAIT)).containsEntry(String.valueOf(port), 30L);
                Owner owner = d.now().snapshot().sockets().stream().filter(r -> r.state() == TcpState.ESTABLISHED)
                        .map(SocketRecord::owner).filter(o -> o != null).findFirst().orElseThrow();
                assertThat(owner.pid()).isEqualTo(child.pid());
                assertThat(d.growthPerProcess(TcpState.ESTABLISHED)).containsExactly(java.util.Map.entry(owner, 10L));
            }
        }
    }

    @Test
    void aVirtualThreadCanDriveALiveObserverInANamespace() throws Exception {
        assertTrue(TestNetns.available(), "needs root for network namespaces");
        try (TestNetns ns = TestNetns.create("td-vthread")) {
            Process child = ns.startJava(Churn.class);
            TestNetns.awaitReady(child, 60_000);
            send(child, "est 7");
            try (Observer o = Observer.live(ns.name(), Needs.COUNTS);
                    var vts = Executors.newVirtualThreadPerTaskExecutor()) {
                // The observer's own platform thread enters the namespace; the virtual caller never does.
                long est = vts.submit(() -> o.observe().snapshot().counts().get(TcpState.ESTABLISHED)).get();
                assertThat(est).isEqualTo(14);
                assertThat(o.observe().snapshot().hasRecords()).isFalse();
            }
        }
    }

    @Test
    void aReusedTimeWaitPortCountsAsANewClose() throws Exception {
        assertTrue(TestNetns.available(), "needs root for network namespaces");
        try (TestNetns ns = TestNetns.create("td-reuse")) {
            // Two ephemeral ports, one taken by the listener: the second connect() must take over the TIME_WAIT port.
            ns.setSysctls("net.ipv4.ip_local_port_range=40000 40001", "net.ipv4.tcp_tw_reuse=1", "net.ipv4.tcp_timestamps=1");
            Process child = ns.startJava(Churn.class);
            int port = Integer.parseInt(TestNetns.awaitReady(child, 60_000).split(" ")[2]);
            send(child, "tw 1");
            try (Sampler sampler = new Sampler(Observer.live(ns.name(), Needs.FULL))) {
                sampler.next();
                // tcp_tw_reuse waits until the TIME_WAIT socket's last timestamp is more than a second old.
                send(child, "sleep 1500");
                send(child, "tw 1");
                Delta d = sampler.next();
                assertThat(d.counterDelta("TcpExt.TWRecycled")).hasValue(1);
                assertThat(d.stateChange(TcpState.TIME_WAIT)).isZero();
                // Same 4-tuple, restarted timer: one close, although the TIME_WAIT count did not change; the kernel
                // counted one TIME_WAIT created (TcpExt TW, at creation since 5.18) and one taken over.
                Delta.CloseRate rate = d.closeRate(r -> r.remote().port() == port);
                assertThat(rate.measured()).isTrue();
                assertThat(d.timeWaitEntered()).hasValue(1);
                assertThat(rate.perSecond() * d.counterSeconds()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }
}
