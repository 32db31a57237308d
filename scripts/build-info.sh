#!/bin/sh
# Writes the version and the git commit the jar is built from as the constants of io.tcpdoctor.cli.BuildData (run by
# Maven in generate-sources): --version then reads no resource, which would start the JDK's resource lookup through
# its runtime image (5-9 ms). The commit is "unknown" outside a git checkout of this project, and gets "-dirty" when
# tracked files differ from it.
set -eu
version=$1
out=$2
dir=$(cd "$(dirname "$0")/.." && pwd)
commit=unknown
top=$(git -C "$dir" rev-parse --show-toplevel 2>/dev/null) || top=
# Only this project's own repository counts, not one that merely contains an unpacked source tree.
if [ -n "$top" ] && [ "$top" -ef "$dir" ]; then
    commit=$(git -C "$dir" rev-parse --short=12 HEAD 2>/dev/null) || commit=unknown
    if [ "$commit" != unknown ] && ! git -C "$dir" diff --quiet HEAD -- 2>/dev/null; then
        commit="$commit-dirty"
    fi
fi
# Versions and commits are letters, digits, dots and dashes: nothing to escape in a Java string.
case "$version$commit" in *[!A-Za-z0-9.+_-]*) echo "build-info: unexpected characters in '$version' or '$commit'" >&2; exit 1 ;; esac
mkdir -p "$(dirname "$out")"
cat > "$out.tmp" <<JAVA
package io.tcpdoctor.cli;

/** Written by scripts/build-info.sh at build time: do not edit. */
final class BuildData {
    private BuildData() {
    }

    static final String VERSION = "$version";
    static final String COMMIT = "$commit";
}
JAVA
# Rewrite only on change so the jar is not rebuilt by every build.
if cmp -s "$out.tmp" "$out" 2>/dev/null; then rm -f "$out.tmp"; else mv "$out.tmp" "$out"; fi
