#!/usr/bin/env bash
# Soak run of `tcpdoctor watch`: leaves it running at a 1 s interval over a large population and reports
# what it costs: CPU per refresh (utime+stime deltas from /proc/PID/stat) and resident memory (VmRSS), over
# the whole run and after the first 30 s (start-up and JIT warm-up excluded).
#
# The population is built like bench/live-bench.sh builds it: a network namespace of its own (loopback only),
# holder processes with ESTABLISHED pairs (60 %), TIME_WAIT kept steady by Little's law (20 %) and
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
"$jdk/bin/javac" -d "$out/holder" "$here/Holder.java"

ns="td-soak-$$"
pids=()
watch_pid=
fifo_dir="$out/soak-fifos.$$"
cleanup() {
    [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null || true
    for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$fifo_dir"
}
trap cleanup EXIT INT TERM

ip netns add "$ns"
ip -n "$ns" link set lo up
ip netns exec "$ns" sysctl -qw net.ipv4.ip_local_port_range="1024 65535" net.ipv4.tcp_max_tw_buckets=2000000 net.core.somaxconn=65535
est_pairs=$((size * 30 / 100)); cw_pairs=$((size * 10 / 100)); tw=$((size * 20 / 100))
ttl=$((seconds + 300)); per=9000; i=0; mkdir -p "$fifo_dir"
start_holder() { # mode count addr
    local f="$fifo_dir/h$i"; mkfifo "$f"
    (sleep "$ttl" > "$f" &)
    ip netns exec "$ns" "$jdk/bin/java" -Xmx256m -XX:TieredStopAtLevel=1 -cp "$out/holder" Holder "$1" "$2" "$3" "$ttl" < "$f" > "$fifo_dir/r$i" &
    pids+=($!); i=$((i + 1))
}
addr() {
    case "$FAMILY" in 4) echo "127.0.$(($1 / 250)).$(($1 % 250 + 1))" ;; 6) echo "::1" ;;
        *) if [ $(($1 % 2)) = 0 ]; then echo "127.0.$(($1 / 250)).$(($1 % 250 + 1))"; else echo "::1"; fi ;; esac
}
n=0
left=$est_pairs; while [ $left -gt 0 ]; do c=$((left < per ? left : per)); start_holder est $c "$(addr $n)"; left=$((left - c)); n=$((n + 1)); done
left=$cw_pairs; while [ $left -gt 0 ]; do c=$((left < per ? left : per)); start_holder cw $c "$(addr $n)"; left=$((left - c)); n=$((n + 1)); done
left=$tw; while [ $left -gt 0 ]; do c=$((left < 20000 ? left : 20000)); start_holder tw $c "$(addr $n)"; left=$((left - c)); n=$((n + 1)); done
ready=0
for _ in $(seq 1 600); do
    ready=$(cat "$fifo_dir"/r* 2>/dev/null | grep -c READY || true)
    [ "$ready" -ge "$i" ] && break
    sleep 0.5
done
[ "$ready" -ge "$i" ] || { echo "watch-soak: population not ready ($ready/$i holders)" >&2; exit 1; }
actual=$(ip netns exec "$ns" ss -tanH | wc -l)
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
