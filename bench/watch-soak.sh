#!/usr/bin/env bash
# Soak run of `tcpdoctor watch`: leaves it running at a 1 s interval over a large population and reports
# what it costs: CPU per refresh (utime+stime deltas from /proc/PID/stat) and resident memory (VmRSS), over
# the whole run and after the first 30 s (start-up and JIT warm-up excluded).
#
# The population is the one every live benchmark uses (bench/population.sh): a network namespace of its own
# (loopback only), ESTABLISHED pairs (60 %), TIME_WAIT kept steady by Little's law (20 %) and
# CLOSE_WAIT/FIN_WAIT2 pairs (20 %). watch reads it with -N and --plain, one log line per refresh.
#
# Usage: sudo bench/watch-soak.sh [SIZE] [SECONDS]      (defaults: 100000 sockets, 600 s)
# Env:   INTERVAL (default 1s), FAMILY=4|6|mixed (default mixed)
# Figures mean something only on an otherwise idle machine.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$here")"
. "$root/scripts/java-env.sh"
[ "$(id -u)" = 0 ] || { echo "watch-soak: needs root (network namespaces)" >&2; exit 3; }
tcpdoctor_find_jdk || { echo "watch-soak: no JDK 25" >&2; exit 3; }; jdk="$TCPDOCTOR_JDK"
size=${1:-100000}; seconds=${2:-600}
INTERVAL=${INTERVAL:-1s}; FAMILY=${FAMILY:-mixed}
out="$here/out"; mkdir -p "$out"
"$root/tcpdoctor" --version >/dev/null   # build once, outside the measurement

ns="td-soak-$$"
pids=()
watch_pid=
cleanup() {
    [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null || true
    for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$out/fifos.$ns"
}
trap cleanup EXIT INT TERM

. "$here/population.sh"
populate "$ns" "$size" $((seconds + 300)) || { echo "watch-soak: population not ready" >&2; exit 1; }
actual=$population_count
log="$out/watch-soak-$size.log"
echo "== watch soak: $actual sockets in $ns, interval $INTERVAL, $seconds s"

"$root/tcpdoctor" watch -N "$ns" --interval "$INTERVAL" --plain > "$log" &
watch_pid=$!
tck=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$watch_pid/stat"; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$watch_pid/status"; }
lines() { wc -l < "$log"; }
sleep 30
kill -0 "$watch_pid" 2>/dev/null || { echo "watch-soak: watch exited early; see $log" >&2; exit 1; }
cpu0=$(cpu); lines0=$(lines); t0=$(date +%s.%N); rss_max=$(rss)
end=$(( $(date +%s) + seconds - 30 ))
while [ "$(date +%s)" -lt "$end" ]; do
    sleep 10
    kill -0 "$watch_pid" 2>/dev/null || { echo "watch-soak: watch exited early; see $log" >&2; exit 1; }
    r=$(rss); [ "$r" -gt "$rss_max" ] && rss_max=$r
    printf '  %5s s  refreshes %6d  rss %6d MB\n' "$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN {printf "%.0f", a - b + 30}')" "$(lines)" "$((r / 1024))"
done
cpu1=$(cpu); lines1=$(lines); t1=$(date +%s.%N); rss_end=$(rss)
all_cpu=$cpu1; all_lines=$lines1
kill "$watch_pid"; wait "$watch_pid" 2>/dev/null || true; watch_pid=
python3 - "$tck" "$cpu0" "$cpu1" "$lines0" "$lines1" "$t0" "$t1" "$all_cpu" "$all_lines" "$rss_end" "$rss_max" "$actual" "$log" <<'PY' | tee "$out/watch-soak-$size.txt"
import sys
tck, cpu0, cpu1, l0, l1, t0, t1, allc, alll, rss_end, rss_max, actual, log = sys.argv[1:]
tck = float(tck); steady_cpu = (float(cpu1) - float(cpu0)) / tck; n = int(l1) - int(l0); wall = float(t1) - float(t0)
print(f"sockets:                 {actual}")
print(f"refreshes (after 30 s):  {n} in {wall:.0f} s")
if n > 0:
    print(f"CPU per refresh:         {steady_cpu / n * 1000:.1f} ms (steady state; {steady_cpu / wall * 100:.1f} % of one core)")
if int(alll) > 0:
    print(f"CPU per refresh, all:    {float(allc) / tck / int(alll) * 1000:.1f} ms (start-up included)")
print(f"RSS:                     {int(rss_end) // 1024} MB at the end, {int(rss_max) // 1024} MB at most")
last = open(log).read().splitlines()[-1:] or ["(no line)"]
print(f"last line:               {last[0][:160]}")
PY
