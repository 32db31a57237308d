package io.tcpdoctor.cli;

import io.tcpdoctor.advise.Applier;
import io.tcpdoctor.advise.Change;
import io.tcpdoctor.advise.DropIn;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.i18n.TextWrap;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** What {@code tune} does with its advice: print it (dry run), write a drop-in, apply it, or roll back. */
public class ApplyOptions {
    @Option(names = "--write", paramLabel = "FILE", description = "Write the recommended changes as a commented sysctl.d drop-in (atomic).")
    Path write;

    @Option(names = "--apply", description = "Root: back up current values, set the recommended ones, write /etc/sysctl.d/90-tcpdoctor.conf.")
    boolean apply;

    @Option(names = "--rollback", description = "Root: restore the values saved by --apply and remove (or restore) the drop-in.")
    boolean rollback;

    @Option(names = "--sysctl-dir", hidden = true)
    Path sysctlDir;

    @Option(names = "--backup-dir", hidden = true)
    Path backupDir;

    /** How many of --write, --apply, --rollback were given. */
    int modes() {
        return (apply ? 1 : 0) + (rollback ? 1 : 0) + (write != null ? 1 : 0);
    }

    /** {@code apply}, {@code write} or {@code dry-run}, as tune's JSON says. */
    String mode() {
        return apply ? "apply" : write != null ? "write" : "dry-run";
    }

    /**
     * The applier for the host or a named namespace. A namespace is not configured from /etc/sysctl.d at boot: set
     * its values only, and keep its backup apart from the host's.
     */
    private Applier applier(String netns) {
        boolean inNetns = netns != null && !netns.isEmpty();
        return new Applier(new Sysctls(), sysctlDir != null ? sysctlDir : inNetns ? null : Applier.DEFAULT_DROPIN_DIR,
                backupDir != null ? backupDir : Applier.DEFAULT_BACKUP_DIR, inNetns ? netns : null);
    }

    /** Restores the values saved by --apply. */
    void rollback(String netns, Messages msg, PrintWriter out) {
        try (Netns _ = Netns.enter(netns)) {
            Applier.Result r = applier(netns).rollback();
            out.println(r.dropin() == null ? msg.get("tune.rolledback.values", r.keys().size(), r.backup())
                    : msg.get("tune.rolledback", r.keys().size(), r.backup(), r.dropin()));
        }
    }

    /** Writes or applies the changes, or says it was a dry run; {@code text} is false for JSON and CSV output. */
    void carryOut(List<Change> changes, String header, String netns, boolean text, Messages msg, PrintWriter out) {
        if (write != null) {
            DropIn.writeAtomic(write, DropIn.render(changes, header));
            if (text) {
                out.println(msg.get("tune.written", write, changes.size()));
            }
        } else if (apply) {
            if (changes.isEmpty()) {
                if (text) {
                    out.println(msg.get("tune.apply.nothing"));
                }
                return;
            }
            Applier.Result res;
            try (Netns _ = Netns.enter(netns)) {
                res = applier(netns).apply(changes, DropIn.render(changes, header));
            }
            if (text) {
                String done = res.dropin() == null ? msg.get("tune.applied.values", res.keys().size(), res.backup())
                        : msg.get("tune.applied", res.keys().size(), res.dropin(), res.backup());
                TextWrap.wrap(done, 79).forEach(out::println);
            }
        } else if (text) {
            TextWrap.wrap(msg.get("tune.dryrun"), 79).forEach(out::println);
        }
    }
}
