# Builds the native library (src/main/c) beside the jar: sh scripts/native.sh JDK SOURCE OUTPUT. Run by the Maven
# build (compile phase). tcpdoctor uses it for its system calls when it is there (the launchers pass its path as
# -Dtcpdoctor.native); without a C compiler the build goes on without it, and tcpdoctor makes the same calls through
# the JDK's Foreign Function API, which costs every command that makes one about 25 ms more.
set -eu
jdk=$1 src=$2 out=$3
cc=${CC:-cc}
if ! command -v "$cc" >/dev/null 2>&1; then
    echo "tcpdoctor: no C compiler ($cc): building without $out (system calls through the Foreign Function API)" >&2
    rm -f "$out"
    exit 0
fi
if [ -f "$out" ] && [ "$out" -nt "$src" ] && [ "$out" -nt "$0" ]; then
    exit 0
fi
case "$(uname -s)" in Linux) inc=linux ;; *) echo "tcpdoctor: no native library for $(uname -s)" >&2; rm -f "$out"; exit 0 ;; esac
mkdir -p "$(dirname "$out")"
# A compiler that fails (no jni.h in a JRE, no libc headers) leaves the build to go on without the library, as no
# compiler does; the test suite checks that its build made one.
if ! "$cc" -O2 -shared -fPIC -Wall -Wextra -Werror -Wl,-z,noexecstack -I"$jdk/include" -I"$jdk/include/$inc" \
        -o "$out.tmp" "$src"; then
    echo "tcpdoctor: $cc could not build $out (above): system calls through the Foreign Function API" >&2
    rm -f "$out" "$out.tmp"
    exit 0
fi
mv "$out.tmp" "$out"
