package io.tcpdoctor.i18n;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * User-facing texts in English and Simplified Chinese. Every feature keeps its keys in its own bundle
 * under {@code src/main/resources/i18n/} (UTF-8 .properties, read by {@link TextBundle}); lookups search them in
 * {@link #BUNDLES} order.
 */
public final class Messages {
    /** Bundle base names, one per feature. Adding a bundle adds one line here. */
    public static final List<String> BUNDLES = List.of(
            "common",
            "diagnose",
            "advice");

    private final Locale locale;
    private final List<TextBundle> bundles;

    private Messages(Locale locale) {
        this.locale = locale;
        this.bundles = BUNDLES.stream().map(b -> TextBundle.load(b, locale)).filter(Objects::nonNull).toList();
    }

    /** One feature's own bundle (not searched by {@link #get}), e.g. {@code fleet}; null when it does not exist. */
    public Texts bundle(String name) {
        TextBundle b = TextBundle.load(name, locale);
        return b == null ? null : b::get;
    }

    /** A bundle's texts by key; null for a key it does not have. */
    @FunctionalInterface
    public interface Texts {
        String get(String key);
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
        for (TextBundle b : bundles) {
            String pattern = b.get(key);
            if (pattern != null) {
                return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(numbersAsText(args));
            }
        }
        return "!" + key + "!";
    }

    /**
     * The arguments with every whole number (Integer, Long, Short, Byte) and every Double of at most three decimals
     * written out as both locales' number format writes them: digits grouped by three with ',', a '.' before the
     * decimals, no trailing zeros. The text is the same; what is saved is the JDK's number-format and locale-data
     * set-up on the first number of a run (about 14 ms of a diagnose), which MessageFormat does for any number
     * argument. Other numbers (more decimals, -0, NaN, infinities, floats) are left to MessageFormat.
     */
    static Object[] numbersAsText(Object[] args) {
        Object[] out = args;
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            String text = a instanceof Integer || a instanceof Long || a instanceof Short || a instanceof Byte
                    ? Numbers.grouped(((Number) a).longValue()) : a instanceof Double d ? Numbers.decimal(d) : null;
            if (text != null) {
                if (out == args) {
                    out = args.clone();
                }
                out[i] = text;
            }
        }
        return out;
    }

    /** True when some bundle has the key. */
    public boolean has(String key) {
        for (TextBundle b : bundles) {
            if (b.has(key)) {
                return true;
            }
        }
        return false;
    }
}
