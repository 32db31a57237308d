package io.tcpdoctor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
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

    /** The formatting the byte writer replaced: a String per group, through a StringBuilder. */
    private static String reference(byte[] a) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(words[i]));
        }
        return b.toString();
    }

    @Test
    void formatsEveryShapeOfZeroRunsAsTheStringBuilderVersionDid() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5952);
        byte[] out = new byte[3 + Addresses.V6_TEXT];
        for (int n = 0; n < 200_000; n++) {
            byte[] a = new byte[16];
            // Each group zero, one digit, two, three or four: every run of zeros and every group width.
            for (int g = 0; g < 8; g++) {
                int w = switch (random.nextInt(5)) {
                    case 0 -> 0;
                    case 1 -> random.nextInt(1, 0x10);
                    case 2 -> random.nextInt(0x10, 0x100);
                    case 3 -> random.nextInt(0x100, 0x1000);
                    default -> random.nextInt(0x1000, 0x10000);
                };
                a[2 * g] = (byte) (w >> 8);
                a[2 * g + 1] = (byte) w;
            }
            String expected = reference(a);
            assertThat(Addresses.formatV6(a)).isEqualTo(expected);
            out[0] = 'x';
            int end = Addresses.formatV6(a, out, 1);
            assertThat(new String(out, 1, end - 1, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(expected);
            assertThat(out[0]).isEqualTo((byte) 'x');
        }
        assertThat(Addresses.formatV6(new byte[16])).isEqualTo("::");
        byte[] full = new byte[16];
        java.util.Arrays.fill(full, (byte) 0xff);
        assertThat(Addresses.formatV6(full)).hasSize(Addresses.V6_TEXT);
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
