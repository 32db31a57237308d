package io.tcpdoctor.fleet;

import io.tcpdoctor.i18n.Messages;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The fleet view's texts in English or Simplified Chinese, and finding titles by id: the diagnosis's own
 * title ({@code ID.title}) when it has no numbers in it, otherwise the same title without the numbers
 * ({@code finding.ID} in {@code i18n/fleet.properties}); an id this version does not know shows as itself.
 */
public final class FleetTexts {
    private final Messages messages;
    private final Messages.Texts bundle;

    private FleetTexts(Messages messages) {
        this.messages = messages;
        this.bundle = Objects.requireNonNull(messages.bundle("fleet"), "the fleet texts are missing");
    }

    /** Texts for {@code en} or {@code zh} (null: from the locale); an unknown language is an IllegalArgumentException. */
    public static FleetTexts forLang(String lang) {
        return new FleetTexts(Messages.forLang(lang));
    }

    /** The language code used in JSON output. */
    public String lang() {
        return messages.chinese() ? "zh" : "en";
    }

    /** A fleet text with {0}-style arguments. */
    public String get(String key, Object... args) {
        String pattern = Objects.requireNonNullElse(bundle.get(key), "!" + key + "!");
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale()).format(args);
    }

    /** The title of a finding id, in this language. */
    public String title(String id) {
        String own = bundle.get("finding." + id);
        if (own != null) {
            return own;
        }
        String key = id + ".title";
        if (messages.has(key)) {
            String t = messages.get(key);
            if (t.indexOf('{') < 0) {
                return t;
            }
        }
        return id;
    }

    private Locale locale() {
        return messages.locale();
    }
}
