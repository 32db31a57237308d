package io.tcpdoctor.model;

/**
 * How urgent a finding is, most urgent first: the one scale of diagnose's findings and the sysctl lint's (where
 * text output words them like a compiler: error, warning, note). The order also maps to {@code check}'s Nagios codes.
 */
public enum Severity {
    CRITICAL(2), WARNING(1), INFO(0);

    private final int nagios;

    Severity(int nagios) {
        this.nagios = nagios;
    }

    /** The Nagios/Icinga exit code of a check whose worst finding has this severity. */
    public int nagiosCode() {
        return nagios;
    }

    /** Lower-case name used in JSON and CSV. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
