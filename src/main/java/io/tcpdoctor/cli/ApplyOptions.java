package io.tcpdoctor.cli;

import io.tcpdoctor.advise.Applier;
import io.tcpdoctor.advise.Change;
import io.tcpdoctor.advise.DropIn;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.collect.Privileges;
import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.i18n.TextWrap;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** What {@code tune} does with its advice: print it (dry run), write a drop-in, apply it, or roll back. */
public class ApplyOptions {
    @Option(names = "--write", paramLabel = "FILE", description = "Write the recommended changes as a commented sysctl.d drop-in (atomic and durable; a symlink is written through, "
            + "anything but a regular file is refused). '-' prints the drop-in alone on standard output.")
    Path write;

    @Option(names = "--apply", description = "Root: back up current values, set the recommended ones, write /etc/sysctl.d/90-tcpdoctor.conf.")
    boolean apply;

    @Option(names = "--rollback", description = "Root: restore the values saved by --apply and remove (or restore) the drop-in.")
    boolean rollback;

    @Option(names = "--backup", paramLabel = "FILE", description = "With --rollback: restore the values of this backup "
            + "(each --apply keeps one, sysctl-backup-TIMESTAMP.conf, next to the current backup) instead of undoing every "
            + "apply since the last rollback.")
    Path namedBackup;

    @Option(names = "--sysctl-dir", hidden = true)
    Path sysctlDir;

    @Option(names = "--backup-dir", hidden = true)
    Path backupDir;

    /** How many of --write, --apply, --rollback were given. */
    int modes() {
        return (apply ? 1 : 0) + (rollback ? 1 : 0) + (write != null ? 1 : 0);
    }

    /** Refuses what cannot work before any backup or drop-in path is looked at. */
    void check() {
        if ((apply || rollback) && !Privileges.isRoot()) {
            // Without root nothing can be set anyway.
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, (apply ? "--apply" : "--rollback")
                    + " sets kernel values and needs root (run it with sudo); nothing changed");
        }
        if (namedBackup != null && !rollback) {
            throw new TcpdoctorException(ExitCode.USAGE, "--backup FILE goes with --rollback");
        }
    }

    /** True for {@code --write -}: the drop-in alone on standard output. */
    boolean toStdout() {
        return write != null && write.toString().equals("-");
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
        boolean inNetns = netns != null;
        return new Applier(new Sysctls(), sysctlDir != null ? sysctlDir : inNetns ? null : Applier.DEFAULT_DROPIN_DIR,
                backupDir != null ? backupDir : Applier.DEFAULT_BACKUP_DIR, inNetns ? netns : null);
    }

    /** Restores the values saved by --apply. */
    void rollback(String netns, Messages msg, PrintWriter out) {
        try (Netns _ = Netns.enter(netns)) {
            if (namedBackup != null) {
                Applier.Result r = applier(netns).rollback(namedBackup);
                out.println(msg.get("tune.rolledback.values", r.keys().size(), r.backup()));
                return;
            }
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
                String file = Privileges.shellWord(write.toString());
                TextWrap.wrap(netns == null ? msg.get("tune.written", file, changes.size())
                        : msg.get("tune.written.netns", file, changes.size(), Privileges.shellWord(netns)), 79).forEach(out::println);
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
                String done = res.dropin() == null ? msg.get("tune.applied.values", res.keys().size(), res.backup(),
                        Privileges.shellWord(netns))
                        : msg.get("tune.applied", res.keys().size(), res.dropin(), res.backup());
                TextWrap.wrap(done, 79).forEach(out::println);
            }
        } else if (text) {
            TextWrap.wrap(msg.get("tune.dryrun"), 79).forEach(out::println);
        }
    }
}
