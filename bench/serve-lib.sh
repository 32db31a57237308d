# Sourced by the serve-*.sh benchmarks: a namespace of their own filled with a known population (the same mix
# as live-bench.sh: 60% ESTABLISHED, 20% TIME_WAIT kept steady, 10% CLOSE_WAIT + 10% FIN_WAIT2), an exporter
# started inside it, and /proc readings of its CPU time and RSS. Loopback only; everything ends by itself.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$here")"
. "$root/scripts/java-env.sh"
[ "$(id -u)" = 0 ] || { echo "serve-bench: needs root (network namespaces)" >&2; exit 3; }
tcpdoctor_find_jdk || { echo "serve-bench: no JDK 25" >&2; exit 3; }
jdk="$TCPDOCTOR_JDK"
out="$here/out"; mkdir -p "$out"
. "$here/population.sh"
ns="td-serve-bench-$$"
pids=()

serve_cleanup() {
    for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$out/fifos.$ns"
}
trap serve_cleanup EXIT INT TERM

# population SIZE TTL_SECONDS: builds the namespace and its sockets (bench/population.sh), bounded wait.
population() {
    "$root/tcpdoctor" --version >/dev/null   # build once, outside the timings
    populate "$ns" "$1" "$2" || exit 1
    echo "population: $population_count sockets in $ns (FAMILY=${FAMILY:-mixed}, $population_holders holders)" \
        | tee -a "${summary:-/dev/null}"
}

# start_serve PORT ARGS...: tcpdoctor serve inside the namespace; sets serve_pid, waits until it answers.
start_serve() {
    local port=$1; shift
    ip netns exec "$ns" env TCPDOCTOR_JAVA_OPTS="${TCPDOCTOR_JAVA_OPTS:-}" "$root/tcpdoctor" serve --listen "127.0.0.1:$port" "$@" \
        2> "$out/serve.log" &
    serve_pid=$!; pids+=("$serve_pid")
    wait_http "$port" || { echo "serve-bench: serve did not start: $(cat "$out/serve.log")" >&2; exit 1; }
}

# start_node_exporter PORT: Debian's node_exporter with only the tcpstat collector, inside the namespace.
start_node_exporter() {
    local port=$1
    command -v prometheus-node-exporter >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus-node-exporter >/dev/null; }
    # The package's service (if any) runs on the host; this one runs in the namespace, on loopback only.
    ip netns exec "$ns" prometheus-node-exporter --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
        --collector.tcpstat 2> "$out/node-exporter.log" &
    node_pid=$!; pids+=("$node_pid")
    wait_http "$port" || { echo "serve-bench: node_exporter did not start: $(cat "$out/node-exporter.log")" >&2; exit 1; }
}

# wait_http PORT: until /metrics answers 200 inside the namespace (bounded to 120 s).
wait_http() {
    for _ in $(seq 1 240); do
        [ "$(ip netns exec "$ns" curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/metrics" || true)" = 200 ] && return 0
        sleep 0.5
    done
    return 1
}

# cpu_seconds PID: user + system CPU time of a process so far.
cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"
}

# rss_mb PID: resident set size in MB.
rss_mb() {
    awk '/^VmRSS:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$1/status"
}

# time_scrapes PORT COUNT: COUNT sequential scrapes with curl inside the namespace; prints median and p99 in ms.
time_scrapes() {
    local port=$1 count=$2
    for _ in $(seq 1 "$count"); do
        ip netns exec "$ns" curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/metrics"
    done | sort -n | awk '{ a[NR] = $1 * 1000 } END { p = int(NR * 0.99); if (p < 1) p = 1; printf "median %.2f ms  p99 %.2f ms  max %.2f ms\n", a[int(NR / 2) + 1], a[p], a[NR] }'
}
