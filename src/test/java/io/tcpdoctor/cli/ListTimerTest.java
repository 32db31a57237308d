package io.tcpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.model.TimerKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListTimerTest {
    @ParameterizedTest
    @CsvSource({"TIMEWAIT,42200,timewait:42.2s", "TIMEWAIT,59984,timewait:60.0s", "ON,50,on:0.1s", "KEEPALIVE,0,keepalive:0.0s",
        "KEEPALIVE,7199999,keepalive:7200.0s", "OFF,0,-", "PROBE,-1,probe"})
    void timerColumn(TimerKind kind, long ms, String expected) {
        SocketRecord r = new SocketRecord(false, TcpState.ESTABLISHED, Endpoint.named("10.0.0.1", 1), Endpoint.named("10.0.0.2", 2),
                0, 0, kind, ms, 0, 0, 1, null, null, null);
        assertThat(ListCommand.timer(r)).isEqualTo(expected);
    }
}
