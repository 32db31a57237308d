# Sourced by ./tcpdoctor, ./run-tests and bench/: finds a JDK 25 (JAVA_HOME first, then /usr/lib/jvm/*25*).
tcpdoctor_find_jdk() {
    local cand
    for cand in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
        [ -n "$cand" ] && [ -x "$cand/bin/java" ] || continue
        if "$cand/bin/java" -version 2>&1 | head -n 1 | grep -Eq 'version "25([."]|$)'; then
            echo "$cand"
            return 0
        fi
    done
    return 1
}
