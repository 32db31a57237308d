#!/usr/bin/env bash
# Scrape cost of 'tcpdoctor serve' side by side with node_exporter's tcpstat collector (Debian
# prometheus-node-exporter, --collector.disable-defaults --collector.tcpstat), both running in one namespace
# holding SIZE sockets (default 100,000), measured in the same run:
#   - scrape latency: RUNS sequential curl scrapes of each (median, p99, max);
#   - CPU: the exporter's user+system seconds over WINDOW seconds of one scrape per second, divided by the
#     scrapes (serve's includes its background observations every --interval);
#   - RSS before and after.
# serve does its observation in the background, node_exporter at each scrape: the CPU line compares the whole cost.
#
# Usage: sudo bench/serve-bench.sh [SIZE]       Env: RUNS (default 50), WINDOW (default 60), INTERVAL (default 5s),
#                                               FAMILY=4|6|mixed (default mixed)
. "$(dirname "$(readlink -f "$0")")/serve-lib.sh"
size=${1:-100000}; RUNS=${RUNS:-50}; WINDOW=${WINDOW:-60}; INTERVAL=${INTERVAL:-5s}
summary="$out/serve-bench.txt"
: > "$summary"
population "$size" $((WINDOW * 3 + 900))
start_serve 10976 --interval "$INTERVAL"
start_node_exporter 9100
sleep 5
ip netns exec "$ns" curl -s http://127.0.0.1:10976/metrics | grep -E '^tcpdoctor_sockets\{.*state="(ESTABLISHED|TIME_WAIT|CLOSE_WAIT)"' | tee -a "$summary"
ip netns exec "$ns" curl -s http://127.0.0.1:9100/metrics | grep -E '^node_tcp_connection_states\{state="(established|time_wait|close_wait)"' | tee -a "$summary"

measure() { # name port pid
    local name=$1 port=$2 pid=$3 rss0 cpu0 cpu1 lat
    rss0=$(rss_mb "$pid")
    lat=$(time_scrapes "$port" "$RUNS")
    cpu0=$(cpu_seconds "$pid")
    for _ in $(seq 1 "$WINDOW"); do
        ip netns exec "$ns" curl -s -o /dev/null "http://127.0.0.1:$port/metrics" &
        sleep 1
    done
    wait_http "$port"
    cpu1=$(cpu_seconds "$pid")
    printf '%-22s latency %s | CPU %.1f ms per scrape (%d s at 1 scrape/s) | RSS %s -> %s MB\n' "$name" "$lat" \
        "$(echo "($cpu1 - $cpu0) * 1000 / $WINDOW" | bc -l)" "$WINDOW" "$rss0" "$(rss_mb "$pid")"
}
echo "== $size sockets, serve --interval $INTERVAL" | tee -a "$summary"
measure "tcpdoctor serve" 10976 "$serve_pid" | tee -a "$summary"
echo "serve's last background observation took $(ip netns exec "$ns" curl -s http://127.0.0.1:10976/metrics \
    | awk '/^tcpdoctor_scrape_duration_seconds/ {printf "%.3f", $2}') s (wall clock)" | tee -a "$summary"
measure "node_exporter tcpstat" 9100 "$node_pid" | tee -a "$summary"
echo "summary: $summary"
