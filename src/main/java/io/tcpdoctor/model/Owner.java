package io.tcpdoctor.model;

/** The process holding a socket open; {@code pid} is -1 when a capture names only the program. */
public record Owner(int pid, String name) {
    // Written out, as in Endpoint: owners are hash keys for every socket with one.
    @Override
    public boolean equals(Object o) {
        return o instanceof Owner w && pid == w.pid && java.util.Objects.equals(name, w.name);
    }

    @Override
    public int hashCode() {
        return pid * 31 + java.util.Objects.hashCode(name);
    }

    /** {@code name/pid} like netstat's PID/Program column, reversed for readability. */
    public String label() {
        if (pid < 0) {
            return name == null ? "?" : name;
        }
        return (name == null ? "?" : name) + "/" + pid;
    }
}
