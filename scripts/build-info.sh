#!/bin/sh
# Writes the version and the git commit the jar is built from into its build.properties (run by Maven in
# generate-resources). The commit is "unknown" outside a git checkout of this project, and gets "-dirty"
# when tracked files differ from it.
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
mkdir -p "$(dirname "$out")"
printf 'version=%s\ncommit=%s\n' "$version" "$commit" > "$out.tmp"
# Rewrite only on change so the jar is not rebuilt by every build.
if cmp -s "$out.tmp" "$out" 2>/dev/null; then rm -f "$out.tmp"; else mv "$out.tmp" "$out"; fi
