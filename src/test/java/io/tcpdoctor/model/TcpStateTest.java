package io.tcpdoctor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TcpStateTest {
    @ParameterizedTest
    @CsvSource({
        "TIME_WAIT,TIME_WAIT", "time-wait,TIME_WAIT", "timewait,TIME_WAIT", "TIME-WAIT,TIME_WAIT",
        "ESTAB,ESTABLISHED", "established,ESTABLISHED", "FIN-WAIT-1,FIN_WAIT1", "FIN_WAIT_2,FIN_WAIT2",
        "SYN_RECEIVED,SYN_RECV", "SYN_RCVD,SYN_RECV", "syn-recv,SYN_RECV", "LISTENING,LISTEN", "CLOSED,CLOSE",
        "UNCONN,CLOSE", "close-wait,CLOSE_WAIT", "LAST_ACK,LAST_ACK", "closing,CLOSING", "SYN-SENT,SYN_SENT"})
    void parsesEverySpelling(String text, TcpState expected) {
        assertThat(TcpState.parse(text)).isEqualTo(expected);
    }

    @Test
    void unknownIsNull() {
        assertThat(TcpState.parse("WAITING")).isNull();
        assertThat(TcpState.parse("")).isNull();
        assertThat(TcpState.parse(null)).isNull();
    }

    @Test
    void kernelNumbersFollowTcpStatesH() {
        assertThat(TcpState.fromKernel(1)).isEqualTo(TcpState.ESTABLISHED);
        assertThat(TcpState.fromKernel(6)).isEqualTo(TcpState.TIME_WAIT);
        assertThat(TcpState.fromKernel(10)).isEqualTo(TcpState.LISTEN);
        assertThat(TcpState.fromKernel(12)).as("NEW_SYN_RECV shows as SYN_RECV").isEqualTo(TcpState.SYN_RECV);
        assertThat(TcpState.fromKernel(13)).isNull();
        assertThat(TcpState.fromKernel(0)).isNull();
        assertThat(TcpState.fromKernel(-1)).isNull();
        for (TcpState s : TcpState.all()) {
            assertThat(TcpState.fromKernel(s.kernel())).isEqualTo(s);
            assertThat(TcpState.parse(s.ssName())).isEqualTo(s);
        }
    }

    @Test
    void ssGroups() {
        assertThat(StateSet.parse("bucket")).containsExactlyInAnyOrder(TcpState.TIME_WAIT, TcpState.SYN_RECV);
        assertThat(StateSet.parse("connected")).doesNotContain(TcpState.LISTEN, TcpState.CLOSE).contains(TcpState.TIME_WAIT);
        assertThat(StateSet.parse("synchronized")).doesNotContain(TcpState.SYN_SENT, TcpState.LISTEN).contains(TcpState.ESTABLISHED);
        assertThat(StateSet.parse("big")).doesNotContain(TcpState.TIME_WAIT, TcpState.SYN_RECV).contains(TcpState.LISTEN);
        assertThat(StateSet.parse("all")).hasSize(TcpState.count());
        assertThatThrownBy(() -> StateSet.parse("nope")).hasMessageContaining("valid: ESTABLISHED").hasMessageContaining("bucket");
    }

    @Test
    void kernelMaskAddsRequestSocketsForSynRecv() {
        assertThat(StateSet.kernelMask(EnumSet.of(TcpState.SYN_RECV))).isEqualTo((1 << 3) | (1 << 12));
        assertThat(StateSet.kernelMask(EnumSet.of(TcpState.TIME_WAIT))).isEqualTo(1 << 6);
    }
}
