# Sourced by ./tcpdoctor, ./run-tests and bench/: finds a JDK 25 (JAVA_HOME first, then /usr/lib/jvm/*25*).
# Reads the JDK's release file with shell built-ins rather than running java -version: the launcher calls
# this before every command. Sets TCPDOCTOR_JDK; returns 1 when there is none.
tcpdoctor_find_jdk() {
    local cand line ok
    for cand in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
        [ -n "$cand" ] && [ -x "$cand/bin/java" ] || continue
        ok=
        if [ -f "$cand/release" ]; then
            while IFS= read -r line; do
                case "$line" in 'JAVA_VERSION="25"'|'JAVA_VERSION="25.'*) ok=1; break ;; esac
            done < "$cand/release"
        elif "$cand/bin/java" -version 2>&1 | head -n 1 | grep -Eq 'version "25([."]|$)'; then
            ok=1
        fi
        if [ -n "$ok" ]; then
            TCPDOCTOR_JDK="$cand"
            return 0
        fi
    done
    return 1
}
