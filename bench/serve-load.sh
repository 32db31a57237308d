#!/usr/bin/env bash
# Load: SCRAPERS concurrent scrapers (default 50) on /metrics for SECONDS (default 30) while the namespace holds
# SIZE sockets (default 100,000) and serve samples it every INTERVAL (default 5s). Passes with 0 errors.
#
# Usage: sudo bench/serve-load.sh [SIZE [SCRAPERS [SECONDS]]]      Env: INTERVAL (default 5s), FAMILY=4|6|mixed
. "$(dirname "$(readlink -f "$0")")/serve-lib.sh"
size=${1:-100000}; scrapers=${2:-50}; seconds=${3:-30}; INTERVAL=${INTERVAL:-5s}
population "$size" $((seconds + 900))
start_serve 10976 --interval "$INTERVAL"
echo "serve RSS before: $(rss_mb "$serve_pid") MB"
# The scrapers run inside the namespace too: the exporter listens on its loopback.
if ip netns exec "$ns" "$jdk/bin/java" -Xmx256m "$here/ScrapeLoad.java" http://127.0.0.1:10976/metrics "$scrapers" "$seconds" | tee "$out/serve-load.txt"; then
    result=0
else
    result=1
fi
echo "serve RSS after: $(rss_mb "$serve_pid") MB"
exit $result
