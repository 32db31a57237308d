package io.tcpdoctor.model;

/** The process holding a socket open; {@code pid} is -1 when a capture names only the program. */
public record Owner(int pid, String name) {
    /** {@code name/pid} like netstat's PID/Program column, reversed for readability. */
    public String label() {
        if (pid < 0) {
            return name == null ? "?" : name;
        }
        return (name == null ? "?" : name) + "/" + pid;
    }
}
