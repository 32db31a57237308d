package io.tcpdoctor.explain;

import java.util.List;
import java.util.Locale;

/**
 * Explain topics that are neither a state nor a knob: causes that span several of them. Texts live in the advice
 * bundles under {@code topic.NAME.title} and {@code topic.NAME.text} (paragraphs separated by line breaks).
 */
public enum Topic {
    SYN_QUEUE("syn-queue", "syn-backlog", "syncookies"),
    ACCEPT_QUEUE("accept-queue", "backlog", "listen-queue", "abort-on-overflow", "emfile"),
    CONNTRACK("conntrack", "nf_conntrack", "snat", "masquerade"),
    PORT_REUSE("port-reuse", "so_reuseaddr", "reuseaddr", "address-in-use", "twrecycled"),
    ABORT_ON_CLOSE("abort-on-close", "rst-on-close", "tcpabortonclose"),
    IDLE_TIMEOUTS("idle-timeouts", "middlebox", "keepalive");

    private final List<String> names;

    Topic(String... names) {
        this.names = List.of(names);
    }

    /** The name shown in the topic list. */
    public String topicName() {
        return names.getFirst();
    }

    /** Bundle key of the title. */
    public String titleKey() {
        return "topic." + topicName() + ".title";
    }

    /** Bundle key of the text. */
    public String textKey() {
        return "topic." + topicName() + ".text";
    }

    /** The topic for a name or alias (case and _/- insensitive), or null. */
    public static Topic parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Topic x : values()) {
            for (String n : x.names) {
                if (n.replace('_', '-').equals(t)) {
                    return x;
                }
            }
        }
        return null;
    }
}
