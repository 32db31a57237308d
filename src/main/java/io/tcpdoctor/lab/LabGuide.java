package io.tcpdoctor.lab;

import java.util.ArrayList;
import java.util.List;

/** What the lab prints for the operator: what was built, what to run to see it, how to compare with a fix. */
public final class LabGuide {
    private LabGuide() {
    }

    /** The commands that show the problem, one per line. */
    public static List<String> commands(Lab lab) {
        // On the host's loopback the lab's sockets share the table with everything else: select them by port.
        String ns = lab.netns() != null ? " -N " + lab.netns() : lab.port() > 0 ? " --port " + lab.port() : "";
        Scenario s = lab.scenario();
        List<String> extra = s.diagnoseArgs(lab.count());
        List<String> out = new ArrayList<>();
        out.add("tcpdoctor states" + ns);
        out.add("tcpdoctor list" + ns + " --state " + s.state() + " -p");
        String whole = lab.netns() == null ? "" : ns;
        out.add("tcpdoctor diagnose" + whole + (extra.isEmpty() ? "" : " " + String.join(" ", extra)));
        out.add("tcpdoctor watch" + whole);
        if (lab.peerNetns() != null) {
            out.add("tcpdoctor states -N " + lab.peerNetns() + "      # the client side");
        }
        return out;
    }

    /** The whole text printed once the problem is in place. */
    public static List<String> intro(Lab lab) {
        Scenario s = lab.scenario();
        List<String> out = new ArrayList<>();
        for (String n : lab.removedStale()) {
            out.add("removed namespace " + n + " left by an earlier lab that was killed");
        }
        String variant = lab.fix() == null ? "" : " (fixed: " + lab.fix() + ")";
        out.add("lab " + s.name() + variant + ": " + s.teaches());
        if (lab.fix() != null) {
            for (Scenario.Fix f : s.fixes()) {
                if (f.name().equals(lab.fix())) {
                    out.add("fix: " + f.teaches());
                }
            }
        }
        if (lab.netns() != null) {
            out.add("namespace: " + lab.netns() + (lab.peerNetns() != null ? " (server), " + lab.peerNetns() + " (client)" : "")
                    + "; deleted when the lab ends");
        } else {
            out.add("on the host's loopback (127.0.0.1); add --netns (root) to keep it apart from the host's sockets");
        }
        for (String e : lab.events()) {
            out.add("  " + e);
        }
        out.add("");
        out.add("See it (in another terminal):");
        for (String c : commands(lab)) {
            out.add("  " + c);
        }
        if (s.finding() != null) {
            Scenario.Fix fix = s.fixes().stream().filter(f -> f.name().equals(lab.fix())).findFirst().orElse(null);
            out.add(fix == null ? "Expected finding: " + s.finding()
                    : fix.clears() ? "Expected: no " + s.finding() + " finding (compare with the problem run)"
                    : "Expected: " + s.finding() + " still fires; this variant changes how the problem shows, not the finding");
        }
        if (!s.fixes().isEmpty() && lab.fix() == null) {
            String save = lab.netns() == null ? "ss -tan" : "ip netns exec " + lab.netns() + " ss -tan";
            out.add("Compare with the fix: save '" + save + " > problem.txt' now; then run 'tcpdoctor lab " + s.name()
                    + " --fixed" + (s.fixes().size() > 1 ? "[=" + String.join("|", s.fixes().stream().map(Scenario.Fix::name).toList()) + "]" : "")
                    + (lab.netns() == null ? "" : " --netns") + "', save fixed.txt the same way, and run 'tcpdoctor diff problem.txt fixed.txt'");
        }
        return out;
    }
}
