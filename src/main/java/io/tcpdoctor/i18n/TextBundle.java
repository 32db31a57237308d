package io.tcpdoctor.i18n;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One text bundle ({@code i18n/NAME.properties}) for one language, with the English file behind the Chinese one for
 * keys it lacks: what {@code ResourceBundle.getBundle} with a no-fallback control gives. The texts come compiled
 * ({@code BundleData}, made from the properties files at build time), so a short command does not read and parse
 * about 100 KB of properties to print a few of them; a lookup is a binary search of the sorted keys.
 */
final class TextBundle {
    private static final String[] NONE = {};
    private final String[] own;
    private final String[] base;

    private TextBundle(String[] own, String[] base) {
        this.own = own;
        this.base = base;
    }

    /** The bundle for a locale: the language's file over the base file; null when neither exists. */
    static TextBundle load(String name, Locale locale) {
        String[] base = BundleData.pairs(name);
        String[] own = locale.getLanguage().equals("en") ? null : BundleData.pairs(name + "_" + locale.getLanguage());
        if (base == null && own == null) {
            return null;
        }
        return new TextBundle(own == null ? NONE : own, base == null ? NONE : base);
    }

    /** The text of a key, or null. */
    String get(String key) {
        String text = find(own, key);
        return text != null ? text : find(base, key);
    }

    boolean has(String key) {
        return get(key) != null;
    }

    /** Every key (for tests). */
    Set<String> keys() {
        Set<String> all = new TreeSet<>();
        for (String[] pairs : new String[][] {own, base}) {
            for (int i = 0; i < pairs.length; i += 2) {
                all.add(pairs[i]);
            }
        }
        return all;
    }

    /** Binary search of key-text pairs sorted by key. */
    private static String find(String[] pairs, String key) {
        int lo = 0;
        int hi = pairs.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = pairs[2 * mid].compareTo(key);
            if (c == 0) {
                return pairs[2 * mid + 1];
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }
}
