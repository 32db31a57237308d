package io.tcpdoctor.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compiled texts are exactly what the JDK's properties bundles give, for every bundle and language. */
class TextBundleTest {
    @ParameterizedTest
    @ValueSource(strings = {"common", "diagnose", "advice", "fleet"})
    void everyShippedBundleReadsAsResourceBundleReadsIt(String name) {
        for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
            ResourceBundle jdk = ResourceBundle.getBundle("i18n." + name, locale,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            TextBundle quick = TextBundle.load(name, locale);
            assertThat(quick).isNotNull();
            Map<String, String> expected = new HashMap<>();
            jdk.keySet().forEach(k -> expected.put(k, jdk.getString(k)));
            assertThat(expected).isNotEmpty();
            for (var e : expected.entrySet()) {
                assertThat(quick.get(e.getKey())).as(name + " " + locale + " " + e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(quick.keys()).isEqualTo(expected.keySet());
        }
    }
}
