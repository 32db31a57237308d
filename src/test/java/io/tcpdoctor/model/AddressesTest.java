package io.tcpdoctor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {
    @ParameterizedTest
    @CsvSource({
        "::1,::1", "0:0:0:0:0:0:0:0,::", "2001:db8:0:0:1:0:0:1,2001:db8::1:0:0:1", "2001:db8:0:1:1:1:1:1,2001:db8:0:1:1:1:1:1",
        "fe80:0:0:0:a00:27ff:fe4e:66a1,fe80::a00:27ff:fe4e:66a1", "::ffff:10.1.2.3,10.1.2.3", "127.0.0.1,127.0.0.1",
        "[2001:db8::5],2001:db8::5"})
    void formatsLikeRfc5952(String in, String out) {
        InetAddress a = Addresses.parseLiteral(in);
        assertThat(a).isNotNull();
        assertThat(Addresses.format(a)).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource({"localhost", "aaaa", "mysql", "1.2.3", "999.1.1.1", "10.0.435.1", "1..2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3",
        "host.example", "12345"})
    void nonLiteralsAreNotAddresses(String in) {
        assertThat(Addresses.parseLiteral(in)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"aaaa,aaaa:53045", "192.168.12.13,192.168.12.13:3306"})
    void endpointsKeepNamesOfCaptures(String host, String expected) {
        int port = Integer.parseInt(expected.substring(expected.lastIndexOf(':') + 1));
        assertThat(Endpoint.named(host, port).toString()).isEqualTo(expected);
    }
}
