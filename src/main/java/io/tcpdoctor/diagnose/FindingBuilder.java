package io.tcpdoctor.diagnose;

import io.tcpdoctor.model.Severity;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Owner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Assembles a {@link Finding} with its texts looked up in the diagnose bundles. */
public final class FindingBuilder {
    private final Messages msg;
    private final String id;
    private final Severity severity;
    private String title;
    private String why;
    private final Map<String, Object> evidence = new LinkedHashMap<>();
    private final List<Action> actions = new ArrayList<>();
    private Owner process;
    private boolean inferred;
    private String peer;
    private String local;
    private Language language = Language.UNKNOWN;

    FindingBuilder(Messages msg, String id, Severity severity) {
        this.msg = msg;
        this.id = id;
        this.severity = severity;
    }

    /** Title from {@code ID.title} with arguments. */
    public FindingBuilder title(Object... args) {
        return titleKey(id + ".title", args);
    }

    /** Title from another key (a variant of the finding). */
    public FindingBuilder titleKey(String key, Object... args) {
        this.title = msg.get(key, args);
        return this;
    }

    /** Explanation from {@code ID.why} with arguments. */
    public FindingBuilder why(Object... args) {
        return whyKey(id + ".why", args);
    }

    /** Explanation from another key; several calls append paragraphs. */
    public FindingBuilder whyKey(String key, Object... args) {
        String t = msg.get(key, args);
        // Chinese sentences end in a full-width stop and are joined without a space.
        this.why = why == null ? t : why + (why.endsWith("。") ? "" : " ") + t;
        return this;
    }

    /** One named number or text; null values are left out. */
    public FindingBuilder evidence(String name, Object value) {
        if (value != null) {
            evidence.put(name, value);
        }
        return this;
    }

    /** A number that may be unknown (left out when empty). */
    public FindingBuilder evidence(String name, java.util.OptionalLong value) {
        return value.isPresent() ? evidence(name, value.getAsLong()) : this;
    }

    /** A code-level action from {@code action.NAME} (and its {@code action.NAME.example} if present). */
    public FindingBuilder code(String name, Object... args) {
        return action(Action.Kind.CODE, name, args);
    }

    /** An OS-level action. */
    public FindingBuilder os(String name, Object... args) {
        return action(Action.Kind.OS, name, args);
    }

    /** A way to look closer. */
    public FindingBuilder investigate(String name, Object... args) {
        return action(Action.Kind.INVESTIGATE, name, args);
    }

    /** The language of the owning process: code examples are then given in it where the bundle has one. */
    public FindingBuilder language(Language l) {
        this.language = l;
        return this;
    }

    private FindingBuilder action(Action.Kind kind, String name, Object... args) {
        String key = "action." + name;
        // Examples are code: never run through MessageFormat, so braces and quotes stay as written.
        // The plain example is Java; another known language gets its own example or none (never Java code).
        String langKey = key + ".example." + language.key();
        boolean plain = language == Language.UNKNOWN || language == Language.JAVA;
        String example = msg.has(langKey) ? msg.get(langKey)
                : plain && msg.has(key + ".example") ? msg.get(key + ".example") : null;
        // A text written for the owner's language (action.NAME.LANG) names that language's libraries only.
        String text = language != Language.UNKNOWN && msg.has(key + "." + language.key()) ? msg.get(key + "." + language.key(), args)
                : msg.get(key, args);
        actions.add(new Action(kind, text, example));
        return this;
    }

    /** The process named; {@code inferred} when deduced rather than seen owning the sockets. */
    public FindingBuilder process(Owner owner, boolean inferred) {
        this.process = owner;
        this.inferred = owner != null && inferred;
        return this;
    }

    /** The remote endpoint concerned. */
    public FindingBuilder peer(String p) {
        this.peer = p;
        return this;
    }

    /** The local endpoint concerned. */
    public FindingBuilder local(String l) {
        this.local = l;
        return this;
    }

    /** The finished finding. */
    public Finding build() {
        return new Finding(id, severity, title == null ? msg.get(id + ".title") : title, evidence,
                why == null ? msg.get(id + ".why") : why, actions, process, inferred, peer, local);
    }
}
