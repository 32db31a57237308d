package io.tcpdoctor.error;

/** An error the user can act on: one line of text and the exit code it maps to. */
public class TcpdoctorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public TcpdoctorException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public TcpdoctorException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code for this error (see {@link ExitCode}). */
    public int exitCode() {
        return exitCode;
    }
}
