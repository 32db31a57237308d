# Sourced by ./tcpdoctor, ./run-tests and bench/: finds a JDK 25 (JAVA_HOME first, then /usr/lib/jvm/*25*).
# Reads the JDK's release file rather than running java -version: this runs before every command.
tcpdoctor_find_jdk() {
    local cand
    for cand in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
        [ -n "$cand" ] && [ -x "$cand/bin/java" ] || continue
        if [ -f "$cand/release" ]; then
            grep -Eq '^JAVA_VERSION="25([."]|$)' "$cand/release" || continue
        elif ! "$cand/bin/java" -version 2>&1 | head -n 1 | grep -Eq 'version "25([."]|$)'; then
            continue
        fi
        echo "$cand"
        return 0
    done
    return 1
}
