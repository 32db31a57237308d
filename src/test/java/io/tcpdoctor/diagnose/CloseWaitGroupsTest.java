package io.tcpdoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.Endpoint;
import io.tcpdoctor.model.Owner;
import io.tcpdoctor.model.SocketRecord;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.observe.HostFacts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * CLOSE_WAIT sockets grouped per owning process (else per listening port, else per peer), whatever order the rows
 * come in: runs of one process, processes taking turns, an owner equal to another but a different object (a capture
 * makes one per row), sockets without an owner in between.
 */
class CloseWaitGroupsTest {
    private static SocketRecord closeWait(Owner owner, int localPort, int peer) {
        return new SocketRecord(false, TcpState.CLOSE_WAIT, Endpoint.named("10.0.0.1", localPort),
                Endpoint.named("10.0.9." + peer, 40_000 + peer), 1, 0, null, -1, 0, -1, owner == null ? 0 : 100 + peer,
                null, owner, null);
    }

    @Test
    void groupsFollowTheOwnersInAnyOrder() {
        Owner java = new Owner(4242, "java");
        Owner nginx = new Owner(77, "nginx");
        Owner javaAgain = new Owner(4242, "java");
        Owner otherName = new Owner(4242, "java2");
        Owner[] owners = {java, nginx, javaAgain, otherName, null};
        Random rnd = new Random(3);
        SocketIndex.Builder b = SocketIndex.builder(HostFacts.none(), Set.of(8080));
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            // Runs of one owner, then turns.
            Owner o = owners[i < 1_000 ? 0 : i < 2_000 ? i % 2 : rnd.nextInt(owners.length)];
            int port = rnd.nextBoolean() ? 8080 : 9000;
            b.accept(closeWait(o, port, rnd.nextInt(50)));
            String key = o != null ? "pid:" + o.pid() + ":" + o.name() : port == 8080 ? "port:8080" : null;
            if (key != null) {
                expected.merge(key, 1L, Long::sum);
            }
        }
        Map<String, SocketIndex.CloseWaitGroup> groups = b.build(true).closeWait();
        for (var e : expected.entrySet()) {
            assertThat(groups).as(e.getKey()).containsKey(e.getKey());
            assertThat(groups.get(e.getKey()).count()).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(groups.get("pid:4242:java").owner()).isEqualTo(java);
        assertThat(groups.get("pid:4242:java2").owner()).isEqualTo(otherName);
        assertThat(groups.keySet().stream().filter(k -> k.startsWith("pid:")).toList())
                .containsExactlyInAnyOrderElementsOf(List.of("pid:4242:java", "pid:77:nginx", "pid:4242:java2"));
    }
}
