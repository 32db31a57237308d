package io.tcpdoctor.advise;

import io.tcpdoctor.explain.IpvsState;
import io.tcpdoctor.explain.StateGuide;
import io.tcpdoctor.sysctl.Knob;
import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.testing.FactsGuard;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.model.TcpState;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Both advice bundles have the same keys, every state and knob has its texts, and no text contradicts FACTS.md. */
class AdviceBundleTest {
    static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = AdviceBundleTest.class.getResourceAsStream("/i18n/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void englishAndChineseHaveTheSameKeys() throws IOException {
        Set<String> en = new TreeSet<>(load("advice.properties").stringPropertyNames());
        Set<String> zh = new TreeSet<>(load("advice_zh.properties").stringPropertyNames());
        assertThat(zh).containsExactlyElementsOf(en);
    }

    @Test
    void everyStateIpvsStateAndKnobHasItsTexts() throws IOException {
        for (String f : new String[] {"advice.properties", "advice_zh.properties"}) {
            Properties p = load(f);
            for (TcpState s : TcpState.all()) {
                for (String field : StateGuide.TCP_FIELDS) {
                    assertThat(p.getProperty("state." + s.name() + "." + field)).as(f + " " + s + " " + field).isNotBlank();
                }
            }
            for (IpvsState s : IpvsState.values()) {
                for (String field : StateGuide.IPVS_FIELDS) {
                    assertThat(p.getProperty("ipvs." + s.name() + "." + field)).as(f + " " + s + " " + field).isNotBlank();
                }
            }
            for (Knob k : KnobCatalogue.ALL) {
                assertThat(p.getProperty(k.meaningKey())).as(f + " " + k.key()).isNotBlank();
                assertThat(p.getProperty(k.notKey())).as(f + " " + k.key()).isNotBlank();
            }
        }
    }

    @Test
    void noTextRecommendsRecycleOrSaysFinTimeoutShortensTimeWait() throws IOException {
        for (String f : new String[] {"advice.properties", "advice_zh.properties"}) {
            Properties p = load(f);
            for (String k : p.stringPropertyNames()) {
                String v = p.getProperty(k);
                FactsGuard.check(v);
                if (v.contains("tcp_tw_recycle")) {
                    assertThat(v).as(k).containsAnyOf("removed", "删除", "Never", "永远不要", "NAT");
                }
                // Facts with numbers: TIME_WAIT is 60 s everywhere it is given a length.
                assertThat(v).as(k).doesNotContain("240 s on Linux").doesNotContain("2MSL");
            }
        }
    }

    @Test
    void catalogueDefaultsFollowFacts() {
        assertThat(KnobCatalogue.find(KnobCatalogue.TW_REUSE).orElseThrow().defaultValue()).isEqualTo("2");
        assertThat(KnobCatalogue.find(KnobCatalogue.FIN_TIMEOUT).orElseThrow().defaultValue()).isEqualTo("60");
        assertThat(KnobCatalogue.find(KnobCatalogue.PORT_RANGE).orElseThrow().defaultValue()).isEqualTo("32768 60999");
        assertThat(KnobCatalogue.find(KnobCatalogue.SOMAXCONN).orElseThrow().history()).contains("5.4").contains("128");
        assertThat(KnobCatalogue.find(KnobCatalogue.SYN_RETRIES).orElseThrow().defaultValue()).isEqualTo("6");
        assertThat(KnobCatalogue.find(KnobCatalogue.SYNACK_RETRIES).orElseThrow().defaultValue()).isEqualTo("5");
        assertThat(KnobCatalogue.find(KnobCatalogue.KEEPALIVE_TIME).orElseThrow().defaultValue()).isEqualTo("7200");
        assertThat(KnobCatalogue.find(KnobCatalogue.KEEPALIVE_INTVL).orElseThrow().defaultValue()).isEqualTo("75");
        assertThat(KnobCatalogue.find(KnobCatalogue.KEEPALIVE_PROBES).orElseThrow().defaultValue()).isEqualTo("9");
        assertThat(KnobCatalogue.find(KnobCatalogue.TW_RECYCLE).orElseThrow().risk()).isEqualTo(Knob.Risk.NEVER);
        assertThat(KnobCatalogue.find("net/ipv4/tcp_fin_timeout")).isPresent();
    }
}
