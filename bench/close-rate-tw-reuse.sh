#!/usr/bin/env bash
# Close rate with tcp_tw_reuse=1: a client closing about 1000 connections a second to one loopback destination
# in a namespace of its own (bounded: it stops after WAIT+60 s). Prints the real connect() rate (Tcp ActiveOpens),
# the TIME_WAIT count (what Little's law would divide by 60), and the rate diagnose (unsampled and --sample 2s) and
# capacity --from-host report, each with the real rate while it ran. tcpdoctor runs niced so its start does not
# starve the client. Needs root, a built tree (mvn test-compile) and JDK 25.
# Usage: bench/close-rate-tw-reuse.sh ["LOW HIGH"] [WAIT_SECONDS]   (default "32768 60999" 18)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
RANGE="${1:-32768 60999}"; WAIT="${2:-18}"
cpfile="$(mktemp)"
(cd "$here" && mvn -q -o -B dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null)
CP="$here/target/classes:$here/target/test-classes:$(cat "$cpfile")"
rm -f "$cpfile"
NS="td-bench-twreuse-$$"
churn_out="$(mktemp)"
cleanup() { [ -n "${CH:-}" ] && kill "$CH" 2>/dev/null; ip netns del "$NS" 2>/dev/null || true; rm -f "$churn_out"; }
trap cleanup EXIT
ip netns add "$NS"; ip -n "$NS" link set lo up
ip netns exec "$NS" sysctl -q -w net.ipv4.ip_local_port_range="$RANGE" net.ipv4.tcp_tw_reuse=1 net.ipv4.tcp_timestamps=1
ip netns exec "$NS" "$J" -Xmx64m -XX:TieredStopAtLevel=1 -cp "$CP" io.tcpdoctor.testing.PortChurn 127.0.0.1 8090 1000 $((WAIT + 60)) >"$churn_out" &
CH=$!
sleep "$WAIT"
ao() { ip netns exec "$NS" awk '/^Tcp:/{n++; if (n == 1) {for (i = 1; i <= NF; i++) if ($i == "ActiveOpens") c = i} else print $c}' /proc/net/snmp; }
td() { nice -n 15 "$J" -XX:TieredStopAtLevel=1 -cp "$CP" io.tcpdoctor.Main "$@" 2>/dev/null; }
during() { local b1 t1; b1=$(ao); t1=$(date +%s.%N); echo "  real connect()/s meanwhile: $(python3 -c "print(round(($b1 - $1) / ($t1 - $2)))")"; }
a0=$(ao); sleep 2; a1=$(ao); echo "real connect()/s over 2 s: $(((a1 - a0) / 2))"
tw=$(ip netns exec "$NS" ss -Htan state time-wait | wc -l)
echo "TIME_WAIT: $tw (count / 60 s = $((tw / 60))/s)"
pick='import json, sys
d = json.load(sys.stdin)
for f in d["findings"]:
    if f.get("peer") == "127.0.0.1:8090":
        e = f["evidence"]
        print(sys.argv[1], f["id"], f["severity"], e["close_rate_per_s"], "/s from", e["close_rate_source"], "TIME_WAIT", e["time_wait"])'
b0=$(ao); t0=$(date +%s.%N); td diagnose -N "$NS" --format json | python3 -c "$pick" "diagnose:"; during "$b0" "$t0"
b0=$(ao); t0=$(date +%s.%N); td diagnose -N "$NS" --sample 2s --format json | python3 -c "$pick" "diagnose --sample 2s:"; during "$b0" "$t0"
b0=$(ao); t0=$(date +%s.%N)
td capacity --from-host -N "$NS" -o json | python3 -c 'import json, sys; i = json.load(sys.stdin)["inputs"]; print("capacity --from-host:", i["close_rate"], "/s from", i["close_rate_source"])'
during "$b0" "$t0"
