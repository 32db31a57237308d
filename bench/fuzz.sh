#!/usr/bin/env bash
# Runs the capture fuzzer (mutated real fixtures through every command) for longer than the test suite does.
# Usage: bench/fuzz.sh [SECONDS]   (default 600). A failing input is kept in target/fuzz-failures/.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$here"
. scripts/java-env.sh
tcpdoctor_find_jdk
export JAVA_HOME="$TCPDOCTOR_JDK"
seconds="${1:-600}"
exec mvn -q -B -ntp -Dtest=CaptureFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dtcpdoctor.fuzz.seconds="$seconds" test
