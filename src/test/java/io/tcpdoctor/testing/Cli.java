package io.tcpdoctor.testing;

import io.tcpdoctor.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs tcpdoctor in-process and captures what it prints. */
public final class Cli {
    private Cli() {
    }

    /** Exit code, standard output and standard error of one run. */
    public record Result(int code, String out, String err) {
    }

    /** Runs one command line. */
    public static Result run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.execute(new PrintWriter(o), new PrintWriter(e), args);
        return new Result(code, o.toString(), e.toString());
    }
}
