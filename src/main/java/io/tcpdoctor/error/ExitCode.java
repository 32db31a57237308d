package io.tcpdoctor.error;

/** Documented process exit codes (README "Exit codes"). {@code check} uses Nagios codes instead. */
public final class ExitCode {
    private ExitCode() {
    }

    /** Success. */
    public static final int OK = 0;
    /** An unexpected internal error (a bug: rerun with --debug and report it). */
    public static final int INTERNAL = 1;
    /** Bad command line: unknown option, bad value. */
    public static final int USAGE = 2;
    /** The data source is unavailable: no netlink diag, no such namespace, permission denied. */
    public static final int UNAVAILABLE = 3;
    /** Bad input: a file that is not a capture, or skipped lines under --strict. */
    public static final int BAD_INPUT = 4;
}
