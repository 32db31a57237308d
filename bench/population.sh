# Sourced by the live benchmarks: builds the known population they all measure, in a network namespace of their
# own (loopback only). Expects: $jdk (a JDK 25), $here (this folder), $out (a scratch folder), an array `pids`
# (the pids of the holders and of the sleeps that hold their standard input are added to it, for the caller's
# cleanup), FAMILY=4|6|mixed (default mixed).
#
# populate NS SIZE TTL: makes NS and fills it with SIZE sockets: 60 % ESTABLISHED (pairs), 20 % TIME_WAIT kept
# steady by Little's law (connections closed at SIZE*0.2/60 per second), 10 % CLOSE_WAIT and 10 % FIN_WAIT2
# (pairs), over several holder processes (the fd limit is per process). Every holder ends by itself after TTL
# seconds. Waits (bounded, 300 s) until every holder reports READY. Call it directly, not in $(...): it starts
# the holders. Sets population_count (sockets ss sees), population_holders and population_fifos (remove that
# folder in the caller's cleanup).
populate() {
    local ns=$1 size=$2 ttl=$3 i=0 n=0 left c ready=0 per=9000
    [ -d "$out/holder" ] && [ "$out/holder/Holder.class" -nt "$here/Holder.java" ] \
        || "$jdk/bin/javac" -d "$out/holder" "$here/Holder.java"
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    # 9100 and 10976 are where the serve benchmarks listen: at 100k sockets some client would otherwise hold them.
    ip netns exec "$ns" sysctl -qw net.ipv4.ip_local_port_range="1024 65535" net.ipv4.tcp_max_tw_buckets=2000000 \
        net.core.somaxconn=65535 net.ipv4.ip_local_reserved_ports=9100,10976
    population_fifos="$out/fifos.$ns"; mkdir -p "$population_fifos"
    _holder() { # mode count addr
        local f="$population_fifos/h$i"; mkfifo "$f"
        # The holder holds its population until this sleep (its stdin) ends or its TTL passes. Both go into pids:
        # the caller's cleanup ends them, instead of the sleep staying until its TTL after the benchmark.
        sleep "$ttl" > "$f" 2>/dev/null </dev/null &
        pids+=($!)
        ip netns exec "$ns" "$jdk/bin/java" -Xmx256m -XX:TieredStopAtLevel=1 -cp "$out/holder" Holder "$1" "$2" "$3" \
            "$ttl" < "$f" > "$population_fifos/r$i" &
        pids+=($!); i=$((i + 1))
    }
    _addr() { # n -> a loopback address of the chosen family
        case "${FAMILY:-mixed}" in 4) echo "127.0.$(($1 / 250)).$(($1 % 250 + 1))" ;; 6) echo "::1" ;;
            *) if [ $(($1 % 2)) = 0 ]; then echo "127.0.$(($1 / 250)).$(($1 % 250 + 1))"; else echo "::1"; fi ;; esac
    }
    left=$((size * 30 / 100)); while [ $left -gt 0 ]; do c=$((left < per ? left : per)); _holder est $c "$(_addr $n)"; left=$((left - c)); n=$((n + 1)); done
    left=$((size * 10 / 100)); while [ $left -gt 0 ]; do c=$((left < per ? left : per)); _holder cw $c "$(_addr $n)"; left=$((left - c)); n=$((n + 1)); done
    left=$((size * 20 / 100)); while [ $left -gt 0 ]; do c=$((left < 20000 ? left : 20000)); _holder tw $c "$(_addr $n)"; left=$((left - c)); n=$((n + 1)); done
    for _ in $(seq 1 600); do
        ready=$(cat "$population_fifos"/r* 2>/dev/null | grep -c READY || true)
        [ "$ready" -ge "$i" ] && break
        sleep 0.5
    done
    population_holders=$i
    [ "$ready" -ge "$i" ] || { echo "population: not ready ($ready/$i holders)" >&2; return 1; }
    population_count=$(ip netns exec "$ns" ss -tanH | wc -l)
}
