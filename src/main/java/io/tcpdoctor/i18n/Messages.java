package io.tcpdoctor.i18n;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * User-facing texts in English and Simplified Chinese. Every feature keeps its keys in its own bundle
 * under {@code src/main/resources/i18n/} (UTF-8 .properties); lookups search them in {@link #BUNDLES} order.
 */
public final class Messages {
    /** Bundle base names, one per feature. Adding a bundle adds one line here. */
    public static final List<String> BUNDLES = List.of(
            "i18n.common",
            "i18n.diagnose",
            "i18n.advice");

    private final Locale locale;
    private final List<ResourceBundle> bundles;

    private Messages(Locale locale) {
        this.locale = locale;
        this.bundles = BUNDLES.stream().map(b -> load(b, locale)).filter(b -> b != null).toList();
    }

    private static ResourceBundle load(String base, Locale locale) {
        try {
            return ResourceBundle.getBundle(base, locale, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        } catch (MissingResourceException e) {
            return null;
        }
    }

    /** Messages for {@code en} or {@code zh}; null or {@code auto} picks from the default locale (LANG). */
    public static Messages forLang(String lang) {
        return new Messages(resolve(lang));
    }

    /** The locale for a --lang value: zh (any zh_*) gives Simplified Chinese, anything else English. */
    public static Locale resolve(String lang) {
        String l = lang == null || lang.isBlank() || lang.equalsIgnoreCase("auto") ? Locale.getDefault().getLanguage() : lang;
        l = l.toLowerCase(Locale.ROOT);
        if (l.startsWith("zh")) {
            return Locale.SIMPLIFIED_CHINESE;
        }
        if (l.startsWith("en") || lang == null || lang.isBlank() || lang.equalsIgnoreCase("auto")) {
            return Locale.ENGLISH;
        }
        throw new IllegalArgumentException("unknown language '" + lang + "'; valid: en, zh");
    }

    /** The locale in use. */
    public Locale locale() {
        return locale;
    }

    /** True for Chinese output. */
    public boolean chinese() {
        return locale.getLanguage().equals("zh");
    }

    /** The text for a key with {0}-style arguments; a missing key shows as {@code !key!} so tests catch it. */
    public String get(String key, Object... args) {
        for (ResourceBundle b : bundles) {
            if (b.containsKey(key)) {
                String pattern = b.getString(key);
                return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
            }
        }
        return "!" + key + "!";
    }

    /** True when some bundle has the key. */
    public boolean has(String key) {
        for (ResourceBundle b : bundles) {
            if (b.containsKey(key)) {
                return true;
            }
        }
        return false;
    }
}
