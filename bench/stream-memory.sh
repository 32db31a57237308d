#!/usr/bin/env bash
# Generates a big netstat -antp capture (default 11,800,000 lines, about 1 GB) in a temp dir and runs every
# command on it with a small heap, reporting exit code, wall time and peak RSS. Needs GNU time (/usr/bin/time).
# Usage: bench/stream-memory.sh [LINES] [HEAP]     e.g. bench/stream-memory.sh 11800000 64m
# ONLY="diagnose check" runs only those commands.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
lines="${1:-11800000}"
heap="${2:-64m}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
f="$dir/netstat-antp.txt"
echo "generating $lines lines in $f" >&2
awk -v n="$lines" 'BEGIN {
  split("ESTABLISHED ESTABLISHED ESTABLISHED TIME_WAIT TIME_WAIT CLOSE_WAIT FIN_WAIT2 SYN_SENT", st, " ");
  print "Active Internet connections (servers and established)";
  print "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name";
  for (i = 0; i < n; i++) {
    s = st[i % 8 + 1]; l = 10 + int(i / 28000) % 200;
    owner = (s == "TIME_WAIT") ? "-" : (1000 + i % 7) "/java" (i % 7);
    printf "tcp        0      0 10.1.%d.%d:%d      10.2.0.%d:%d       %s  %s\n", int(l / 250), l % 250 + 1, 32768 + i % 28000, 1 + i % 64, (i % 3 == 0) ? 3306 : 443, s, owner;
  }
}' > "$f"
ls -l "$f" >&2
export TCPDOCTOR_JAVA_OPTS="-Xmx$heap"
run() {
  local start end rc
  if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $1 "* ]]; then
    return 0
  fi
  start=$(date +%s.%N)
  set +e
  /usr/bin/time -f "%M" -o "$dir/rss" "$here/tcpdoctor" "$@" > /dev/null 2> "$dir/err"
  rc=$?
  set -e
  end=$(date +%s.%N)
  printf '%-40s exit %3d  %6.1f s  peak RSS %6d MB  %s\n' "$*" "$rc" "$(echo "$end - $start" | bc)" \
      "$(( $(tail -1 "$dir/rss") / 1024 ))" "$(grep -m1 'out of memory' "$dir/err" || true)"
}
echo "heap -Xmx$heap" >&2
run states -i "$f"
run states --by peer -i "$f"
run states --by process -i "$f"
run list -i "$f"
run list -p -o csv -i "$f"
run list -o json -i "$f"
run diff "$f" "$f"
run diagnose -i "$f"
run diagnose -o json -i "$f"
run check -i "$f"
run check -o json -i "$f"
