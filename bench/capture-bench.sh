#!/usr/bin/env bash
# Whole-process benchmark of the saved-capture count path, side by side with the classic one-liner:
#   tcpdoctor states --input FILE   vs   mawk '/^tcp/ {++S[$6]} END {for(a in S) print a, S[a]}' FILE
# on a generated 5,000,000-line `netstat -antp` capture (about 430 MB, kept in bench/out/, git-ignored).
# Uses hyperfine when installed (apt-get install -y hyperfine), else repeated runs timed with date +%s%N.
# Then times every way a capture arrives (--input FILE, a gzip file, stdin redirected from the file, stdin from a
# pipe) and, with AGAINST=DIR (another checkout of tcpdoctor, e.g. a git worktree of an older commit), that
# checkout's runs of the same forms in the same hyperfine call, for before/after figures.
# Usage: bench/capture-bench.sh [LINES]     (default 5000000)
# Env:   RUNS (default 10), AGAINST=DIR
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$here")"
lines="${1:-5000000}"
out="$here/out"
file="$out/netstat-antp-$lines.txt"
mkdir -p "$out"
command -v mawk >/dev/null || { echo "capture-bench: mawk is needed (apt-get install -y mawk)" >&2; exit 1; }

if [ ! -s "$file" ]; then
    echo "capture-bench: generating $file ($lines lines)..." >&2
    # Rows as net-tools prints them: 23-wide address columns, 11-wide state, PID/Program (trailing blanks trimmed,
    # as most pastes are). A realistic mix for a busy web/API host: mostly TIME_WAIT and ESTABLISHED, some
    # CLOSE_WAIT and the rest, about a tenth tcp6; owners only where the kernel keeps one.
    mawk -v n="$lines" 'BEGIN {
        srand(42)
        split("TIME_WAIT TIME_WAIT TIME_WAIT TIME_WAIT TIME_WAIT TIME_WAIT ESTABLISHED ESTABLISHED ESTABLISHED CLOSE_WAIT FIN_WAIT2 SYN_RECV LAST_ACK FIN_WAIT1 SYN_SENT CLOSING LISTEN", st, " ")
        split("1187/nginx: worker 2231/java 2231/java 3306/mysqld 911/redis-server 1402/node", prog, " ")
        print "Active Internet connections (servers and established)"
        print "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    "
        for (i = 0; i < n; i++) {
            s = st[int(rand() * 17) + 1]
            p = (s == "TIME_WAIT" || s == "SYN_RECV") ? "-" : prog[int(rand() * 6) + 1]
            if (p == "1187/nginx:") p = "1187/nginx: worker"
            proto = (i % 10 == 3) ? "tcp6" : "tcp"
            loc = sprintf("10.%d.%d.%d:%d", int(i / 65536) % 256, int(i / 256) % 256, i % 256, (i % 3 == 0) ? 443 : 8080)
            rem = sprintf("172.16.%d.%d:%d", int(rand() * 256), int(rand() * 256), 32768 + int(rand() * 28232))
            printf "%-5s %6d %6d %-23s %-23s %-11s %s\n", proto, (s == "CLOSE_WAIT") ? 1 : 0, 0, loc, rem, s, p
        }
    }' > "$file.tmp"
    mv "$file.tmp" "$file"
fi
size=$(stat -c %s "$file")
echo "capture: $file, $(wc -l < "$file") lines, $((size / 1000000)) MB"

# Build once so the timed runs do not include compilation.
"$root/tcpdoctor" --version >/dev/null

echo
echo "== results must agree: tcpdoctor states vs mawk \$6 (the State column of netstat -antp)"
"$root/tcpdoctor" states --input "$file" --format csv | tail -n +2 | cut -d, -f1,2 | sort > "$out/tcpdoctor.counts"
mawk '/^tcp/ {++S[$6]} END {for(a in S) print a "," S[a]}' "$file" | sort > "$out/mawk.counts"
if diff -u "$out/mawk.counts" "$out/tcpdoctor.counts"; then
    echo "same counts:"; column -t -s, "$out/tcpdoctor.counts"
else
    echo "capture-bench: counts differ" >&2
    exit 1
fi

echo
echo "== the popular \$NF form miscounts once a PID/Program column is present (it counts programs, not states):"
mawk '/^tcp/ {++S[$NF]} END {for(a in S) print a, S[a]}' "$file" | sort | head -n 8

echo
echo "== timing (page cache warm)"
td="$root/tcpdoctor states --input $file"
awk_cmd="mawk '/^tcp/ {++S[\$6]} END {for(a in S) print a, S[a]}' $file"
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 2 --runs "${RUNS:-10}" --export-json "$out/capture-bench.json" \
        -n tcpdoctor "$td" -n mawk "$awk_cmd" >&2
    t_td=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[0]["median"])' "$out/capture-bench.json")
    t_awk=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[1]["median"])' "$out/capture-bench.json")
    # CPU seconds (user + system) too: on a shared machine they move less than wall time.
    python3 - "$out/capture-bench.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
td, awk = r[0]["user"] + r[0]["system"], r[1]["user"] + r[1]["system"]
print(f"cpu (user+sys, mean): tcpdoctor {td:.3f} s, mawk {awk:.3f} s, ratio {td / awk:.2f}x")
PY
else
    median() {
        local cmd="$1" runs="${RUNS:-7}" i t0 t1
        bash -c "$cmd" >/dev/null
        for ((i = 0; i < runs; i++)); do
            t0=$(date +%s%N); bash -c "$cmd" >/dev/null; t1=$(date +%s%N)
            echo $(( (t1 - t0) / 1000 ))
        done | sort -n | awk '{a[NR] = $1} END {printf "%.6f\n", a[int((NR + 1) / 2)] / 1e6}'
    }
    t_td=$(median "$td")
    t_awk=$(median "$awk_cmd")
fi
python3 - "$t_td" "$t_awk" <<'PY'
import sys
td, awk = float(sys.argv[1]), float(sys.argv[2])
print(f"tcpdoctor states --input: {td:.3f} s (median)")
print(f"mawk one-liner:           {awk:.3f} s (median)")
print(f"ratio tcpdoctor/mawk:     {td / awk:.2f}x   (target <= 0.5x, aim 0.2x)")
PY

echo
echo "== every way the capture arrives${AGAINST:+ (this checkout vs $AGAINST)}; load: $(uptime)"
[ -s "$file.gz" ] || gzip -1 -c "$file" > "$file.gz"
args=()
for dir in "$root" ${AGAINST:+"$AGAINST"}; do
    [ "$dir" = "$root" ] && tag=this || tag=against
    "$dir/tcpdoctor" --version >/dev/null
    args+=(-n "$tag: --input FILE" "$dir/tcpdoctor states --input $file"
           -n "$tag: --input FILE.gz" "$dir/tcpdoctor states --input $file.gz"
           -n "$tag: -i - < FILE" "$dir/tcpdoctor states -i - < $file"
           -n "$tag: cat FILE | -i -" "cat $file | $dir/tcpdoctor states -i -")
done
command -v hyperfine >/dev/null || { echo "capture-bench: the input forms need hyperfine" >&2; exit 1; }
hyperfine --shell=bash --warmup 1 --runs "${RUNS:-10}" --style basic --export-json "$out/capture-forms.json" "${args[@]}" >/dev/null
python3 - "$out/capture-forms.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
by = {x["command"]: x for x in r}
print(f"{'form':34} {'median s':>9} {'cpu s':>7}")
for x in r:
    print(f"{x['command']:34} {x['median']:9.3f} {x['user'] + x['system']:7.3f}")
half = len(r) // 2
if half and len(r) == 2 * half:
    print("this / against (median wall, mean cpu):")
    for a, b in zip(r[:half], r[half:]):
        print(f"  {a['command'][6:]:28} {a['median'] / b['median']:.2f}x wall, {(a['user'] + a['system']) / (b['user'] + b['system']):.2f}x cpu")
PY
