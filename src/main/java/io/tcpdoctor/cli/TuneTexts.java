package io.tcpdoctor.cli;

import io.tcpdoctor.advise.Role;
import io.tcpdoctor.advise.RoleDetector;
import io.tcpdoctor.collect.Privileges;
import io.tcpdoctor.i18n.Messages;

/** The sentences {@code tune} builds from what it found: why this role, and the drop-in's header. */
final class TuneTexts {
    private TuneTexts() {
    }

    /** Why the advice is for this role: given with --role, or what the sockets showed. */
    static String why(Messages msg, boolean given, RoleDetector.Evidence e) {
        if (given) {
            return msg.get("tune.role.given");
        }
        return msg.get("tune.role.detected", e.accepted(), e.listeners(), e.outgoing())
                + (e.busiestDestination() == null ? "" : "; " + msg.get("tune.role.busiest",
                e.busiestDestination(), e.busiestDestinationSockets()));
    }

    /**
     * The drop-in's header comment. A named namespace is not configured from /etc/sysctl.d at boot: its header says
     * to load the drop-in with ip netns exec.
     */
    static String dropInHeader(Messages msg, Role r, String kernel, String netns) {
        String release = kernel == null ? "?" : kernel;
        return netns == null
                ? msg.get("tune.dropin.header", msg.get("role." + r.label()), release)
                : msg.get("tune.dropin.header.netns", msg.get("role." + r.label()), release, Privileges.shellWord(netns));
    }
}
