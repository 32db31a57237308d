package io.tcpdoctor.diagnose;

/** One thing to do about a finding: a code change, an OS setting, or a way to look closer; example may be null. */
public record Action(Kind kind, String text, String example) {
    /** Where the action applies. */
    public enum Kind {
        /** Change the application. */
        CODE,
        /** Change a kernel setting or limit. */
        OS,
        /** Look closer before changing anything. */
        INVESTIGATE;

        /** Lower-case name for JSON and CSV. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
