package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.capture.Skips;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.render.Format;
import io.tcpdoctor.render.Terminal;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/** What every command shares: output writers, the format option, notes on stderr, usage errors. */
public abstract class BaseCommand implements Callable<Integer> {
    /** This command's model, set by {@link TopCommand#specs}: an annotation type fewer for the JDK to make at start-up. */
    protected CommandSpec spec;

    @Mixin
    protected OutputOptions output = new OutputOptions();

    private PrintWriter out;
    private PrintWriter err;

    /** Sets where the command writes (the entry point does this for every command it runs). */
    public BaseCommand bind(PrintWriter stdout, PrintWriter stderr) {
        this.out = stdout;
        this.err = stderr;
        return this;
    }

    /** Standard output. */
    protected PrintWriter out() {
        return out != null ? out : spec.commandLine().getOut();
    }

    /** Standard error. */
    protected PrintWriter err() {
        return err != null ? err : spec.commandLine().getErr();
    }

    /** The chosen output format; a bad value is a usage error. */
    protected Format format() {
        return usage(output::format);
    }

    /** Runs a parse step, turning IllegalArgumentException into a usage error (exit 2). */
    protected static <T> T usage(Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new TcpdoctorException(ExitCode.USAGE, e.getMessage());
        }
    }

    /** Prints a snapshot's warnings and owner-scan note on stderr, one line each (at most a few). */
    protected void printNotes(Snapshot snap) {
        printNotes(snap.notes());
    }

    /** Prints notes on stderr; skipped capture lines become one summary line (JSON output lists them all). */
    protected void printNotes(List<Problem> notes) {
        String skipped = Skips.summary(notes);
        if (skipped != null) {
            err().println("tcpdoctor: " + Terminal.field(skipped));
        }
        for (Problem p : notes) {
            if (!Skips.isSkip(p)) {
                err().println("tcpdoctor: note: " + Terminal.field(p.describe()));
            }
        }
        err().flush();
    }
}
