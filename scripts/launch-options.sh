# Sourced by ./tcpdoctor and by the release packages' launcher (installed as lib/launch-options.sh): the JVM
# options and the start-up cache for one command line, so that both launchers run every command the same way.
# POSIX sh with shell built-ins only: it runs before every command.
#
# tcpdoctor_launch_options ARGS... sets
#   tcpdoctor_cache: which start-up cache (tcpdoctor-$tcpdoctor_cache.aot) suits the line:
#     small    --version, and a text states that will count a small table from /proc (LiveSnapshots: at most
#              20,000 sockets in the namespace it runs in, no option beyond the states and the family): no
#              native-call, netlink or JSON classes
#     live     a text states or list with no option beyond the family, the filters and -p: netlink, the owner scan
#     fast     the rest of states and list (JSON, CSV, captures, --by)
#     explain  explain
#     full     everything else: the full command-line model, the analysis, the help pages
#   Every class in a cache is loaded at each start, so a command starts fastest from the smallest cache that holds
#   what it uses; a wrong pick only costs time.
#   tcpdoctor_opts: the JVM options, separated by spaces.
#   Call tcpdoctor_native_option first: with the native library, states reads /proc only up to 2,000 sockets.
#
# tcpdoctor_cache_kinds: every kind, in the order they are recorded. tcpdoctor_record_cache records one.

tcpdoctor_cache_kinds="small live fast explain full"

# tcpdoctor_record_cache JAVA JAR FILE KIND: records the start-up cache KIND into FILE by running its training
# (aot-training KIND, which only reads) with the options the short commands run with and the jar as class path, as
# the launchers give it; the JVM's exit status. The caller redirects its output.
tcpdoctor_record_cache() {
    tcpdoctor_train "$1" "$2" "$4" -XX:AOTCacheOutput="$3" -Xlog:aot=off -Xlog:cds=off
}

# tcpdoctor_train JAVA JAR KIND [JVM_OPTION...]: runs the training of the start-up cache KIND with the options the
# short commands run with (and these), the jar as class path; the JVM's exit status. scripts/runtime.sh also runs it
# to list the lambda forms a training resolves.
tcpdoctor_train() {
    _td_java=$1 _td_jar=$2 _td_kind=$3
    shift 3
    tcpdoctor_native_option "$_td_jar"
    "$_td_java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "$@" \
        ${tcpdoctor_native:+"$tcpdoctor_native"} -cp "$_td_jar" io.tcpdoctor.Main aot-training "$_td_kind"
}

# tcpdoctor_native_option JAR sets tcpdoctor_native to the JVM option that names the native library beside the jar
# (libtcpdoctor-syscall.so, built from src/main/c), or to nothing when there is none: tcpdoctor then makes the same
# system calls through the JDK's Foreign Function API, whose binding costs each command that makes one about 25 ms.
# The trainings run with it too, so that a start-up cache holds the classes of the way the commands take.
tcpdoctor_native_option() {
    tcpdoctor_native=
    case "$1" in */*) _td_lib=${1%/*}/libtcpdoctor-syscall.so ;; *) _td_lib=libtcpdoctor-syscall.so ;; esac
    [ ! -f "$_td_lib" ] || tcpdoctor_native="-Dtcpdoctor.native=$_td_lib"
}

tcpdoctor_launch_options() {
    tcpdoctor_opts="--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData"
    tcpdoctor_cache=full
    _td_long=
    # Large captures are parsed by long loops that the optimizing compiler makes much faster.
    for _td_a in "$@"; do
        case "$_td_a" in
            --input|--input=*|-i|diff)
                tcpdoctor_opts="--enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -XX:-UsePerfData"
                break ;;
        esac
    done
    # Long-running commands get the full JIT: C1 alone would keep their sampling loops slow for as long as they
    # run, and a heap cap: the JVM's default maximum (a quarter of the RAM) lets a sampling loop's garbage grow
    # the resident size for hours. 256 MB holds 100,000 sockets with owners (measured with bench/serve-soak.sh
    # and bench/watch-soak.sh); TCPDOCTOR_JAVA_OPTS=-Xmx... (e.g. -Xmx1g) overrides it.
    for _td_a in "$@"; do
        case "$_td_a" in
            -*) continue ;;
            serve|watch)
                tcpdoctor_opts="--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:-UsePerfData -Xmx256m"
                _td_long=1 ;;
            states|list) tcpdoctor_cache=fast ;;
            explain) tcpdoctor_cache=explain ;;
        esac
        break
    done
    for _td_a in "$@"; do
        case "$_td_a" in --help|-h) tcpdoctor_cache=full ;; esac
    done
    case "${1:-}" in --version|-V) tcpdoctor_cache=small ;; esac
    if [ "$tcpdoctor_cache" = fast ]; then
        if _td_small_states "$@"; then
            tcpdoctor_cache=small
        elif _td_plain_live "$@"; then
            tcpdoctor_cache=live
        fi
    fi
    # The cache also holds which methods the training run compiled, and the JVM compiles them again as soon as
    # their classes start. Commands run by C1 alone (all but captures, serve and watch) are faster without that:
    # their own hot loops get compiled as they run, and the single compiler thread is not busy with the rest
    # (states and list 2-10 % at 10,000 and 100,000 sockets, explain 4 %, diagnose and check 10 % and tune 12 % at
    # 10,000). The smaller caches go without it whatever the compiler. A capture read by the full JIT from the full
    # cache gains from it (diagnose -i of 10,000 rows: 413 ms with, 460 ms without), and so may serve and watch.
    case "$tcpdoctor_cache:$tcpdoctor_opts" in
        full:*TieredStopAtLevel=1*|small:*|live:*|fast:*|explain:*)
            tcpdoctor_opts="$tcpdoctor_opts -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining" ;;
    esac
    # Short commands: the JDK writes some method-handle and native-call classes at run time (those a start-up cache
    # cannot hold), and the largest method of its class writer (StackMapGenerator.processBlock, 2,767 bytecodes)
    # gets hot enough to be compiled: the one compiler thread then spends 30-45 ms on code that has done its work
    # by the time it is compiled, on a 2-core machine whose cores the command's own threads need. Left to the
    # interpreter, list and diagnose at 10,000 sockets ran 7-8 % faster. "quiet": the JVM would print the command.
    [ -n "$_td_long" ] || tcpdoctor_opts="$tcpdoctor_opts -XX:CompileCommand=quiet \
-XX:CompileCommand=exclude,jdk.internal.classfile.impl.StackMapGenerator::processBlock"
    # Short commands: the JVM's heap and code in 2 MB pages where the kernel gives them only on request
    # (transparent_hugepage "madvise", the common default). Page faults are a large part of a short run (31,000 of
    # them for list -p at 100,000 sockets, 10,000 with huge pages). Not for serve and watch, whose resident size
    # matters more than their start; TCPDOCTOR_JAVA_OPTS=-XX:-UseTransparentHugePages turns it off.
    if [ -z "$_td_long" ] && [ -r /sys/kernel/mm/transparent_hugepage/enabled ]; then
        _td_thp=
        read -r _td_thp < /sys/kernel/mm/transparent_hugepage/enabled || _td_thp=
        case "$_td_thp" in *"[madvise]"*) tcpdoctor_opts="$tcpdoctor_opts -XX:+UseTransparentHugePages" ;; esac
    fi
}

# states as text on a table of at most 20,000 sockets, 2,000 with the native library (LiveSnapshots.PROC_COUNT_LIMIT
# and PROC_COUNT_LIMIT_NATIVE, which a shell cannot ask the jar for without starting a JVM): tcpdoctor_native_option
# runs first.
_td_small_states() {
    [ "${1:-}" = states ] || return 1
    shift
    while [ $# -gt 0 ]; do
        case "$1" in
            -4|-6|--ipv4|--ipv6|--state=*) ;;
            --state) [ $# -gt 1 ] || return 1; shift ;;
            *) return 1 ;;
        esac
        shift
    done
    _td_n=-1
    while read -r _td_k _td_1 _td_2 _td_3 _td_4 _td_5 _td_6 _td_rest; do
        if [ "$_td_k" = TCP: ] && [ "$_td_1" = inuse ] && [ "$_td_5" = tw ]; then
            _td_n=$((_td_2 + _td_6))
            break
        fi
    done < /proc/net/sockstat 2>/dev/null || return 1
    [ "$_td_n" -ge 0 ] || return 1
    if [ -r /proc/net/sockstat6 ]; then
        while read -r _td_k _td_1 _td_2 _td_rest; do
            if [ "$_td_k" = TCP6: ] && [ "$_td_1" = inuse ]; then
                _td_n=$((_td_n + _td_2))
            fi
        done < /proc/net/sockstat6
    fi
    if [ -n "${tcpdoctor_native:-}" ]; then
        [ "$_td_n" -le 2000 ]
    else
        [ "$_td_n" -le 20000 ]
    fi
}

# states or list as text with no option beyond the family, the filters and -p.
_td_plain_live() {
    case "${1:-}" in states|list) ;; *) return 1 ;; esac
    shift
    while [ $# -gt 0 ]; do
        case "$1" in
            -4|-6|--ipv4|--ipv6|-p|--processes) ;;
            --state=*|--sport=*|--dport=*|--port=*|--src=*|--dst=*|--pid=*|--process=*) ;;
            --state|--sport|--dport|--port|--src|--dst|--pid|--process) [ $# -gt 1 ] || return 1; shift ;;
            *) return 1 ;;
        esac
        shift
    done
}
