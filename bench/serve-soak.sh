#!/usr/bin/env bash
# Soak: serve samples a namespace of SIZE sockets (default 100,000) every second for DURATION seconds (default
# 600) under one scrape per second; RSS is read every 10 s. After WARMUP seconds (default 120) every reading must
# stay within +-10 % of their mean. Prints the readings; exits 1 when memory is not flat.
#
# Usage: sudo bench/serve-soak.sh [SIZE [DURATION]]      Env: WARMUP, FAMILY=4|6|mixed, TCPDOCTOR_JAVA_OPTS
. "$(dirname "$(readlink -f "$0")")/serve-lib.sh"
size=${1:-100000}; duration=${2:-600}; WARMUP=${WARMUP:-120}
population "$size" $((duration + 900))
start_serve 10976 --interval 1s
log="$out/serve-soak.txt"; : > "$log"
start=$(date +%s)
while [ $(( $(date +%s) - start )) -lt "$duration" ]; do
    for _ in $(seq 1 10); do
        ip netns exec "$ns" curl -s -o /dev/null http://127.0.0.1:10976/metrics || true
        sleep 1
    done
    t=$(( $(date +%s) - start ))
    echo "$t $(rss_mb "$serve_pid") $(ip netns exec "$ns" curl -s http://127.0.0.1:10976/metrics | awk '/^tcpdoctor_observation_failures_total/ {print $2}')" | tee -a "$log"
done
awk -v w="$WARMUP" '$1 >= w { n++; s += $2; v[n] = $2 } END {
    if (n == 0) { print "soak: no readings after warm-up (DURATION must exceed WARMUP)"; exit 1 }
    m = s / n; lo = v[1]; hi = v[1]
    for (i = 1; i <= n; i++) { if (v[i] < lo) lo = v[i]; if (v[i] > hi) hi = v[i] }
    printf "soak: %d readings after %d s warm-up, RSS mean %.1f MB, min %.1f (%+.1f%%), max %.1f (%+.1f%%)\n", n, w, m, lo, (lo - m) * 100 / m, hi, (hi - m) * 100 / m
    exit (lo < m * 0.9 || hi > m * 1.1) ? 1 : 0 }' "$log"
