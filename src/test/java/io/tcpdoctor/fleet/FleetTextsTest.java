package io.tcpdoctor.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpdoctor.diagnose.rules.Rules;
import io.tcpdoctor.i18n.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every finding id the rules produce has a fleet title in both languages, the diagnosis's own where it can be. */
class FleetTextsTest {
    static final List<String> IDS = Rules.ALL.stream().flatMap(r -> r.ids().stream()).distinct().toList();

    @Test
    void everyFindingHasATitleInBothLanguages() {
        assertThat(IDS).contains("close-wait-leak", "time-wait-port-exhaustion", "tw-recycle-set");
        for (String lang : List.of("en", "zh")) {
            FleetTexts texts = FleetTexts.forLang(lang);
            Messages messages = Messages.forLang(lang);
            for (String id : IDS) {
                String title = texts.title(id);
                assertThat(title).as(lang + " " + id).isNotEqualTo(id).doesNotContain("{", "!");
                String own = messages.get(id + ".title");
                if (!own.contains("{") && !own.startsWith("!")) {
                    assertThat(title).as("plain diagnose title of " + id).isEqualTo(own);
                }
            }
            assertThat(texts.title("some-future-id")).isEqualTo("some-future-id");
        }
        assertThat(FleetTexts.forLang("zh").title("close-wait-leak")).isEqualTo("CLOSE_WAIT 堆积：对端已关闭，应用未关闭");
    }

    @Test
    void everyFleetTextExistsInBothLanguages() {
        FleetTexts en = FleetTexts.forLang("en");
        FleetTexts zh = FleetTexts.forLang("zh");
        for (String key : List.of("header.instance", "header.status", "header.ports", "header.top-close-wait", "header.findings",
                "header.finding", "header.severity", "header.instances", "header.title", "status.ok", "none")) {
            assertThat(en.get(key)).as(key).doesNotStartWith("!");
            assertThat(zh.get(key)).as(key).doesNotStartWith("!").isNotEqualTo(key.equals("header.established") ? "" : en.get(key));
        }
    }
}
