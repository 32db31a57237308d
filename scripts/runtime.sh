# Sourced by ./tcpdoctor (when it builds), by ./package and by the tests: the Java runtime image tcpdoctor runs on,
# and the method-handle forms its start-up caches are to hold. Expects scripts/launch-options.sh sourced first.
#
# Every command that reads the kernel's table binds a native call, and the JDK writes about ten method-handle
# classes for it at each start (lambda forms: 10-20 ms of a short command with the compilations they bring on). A
# start-up cache cannot hold classes written at run time, but the JDK's own holder classes can hold such forms: the
# recording of a cache writes those classes anew from the lambda-form lines of the runtime's lib/classlist. A JDK's
# lib/classlist is not ours to change; a runtime image made with jlink is.

# tcpdoctor_link_runtime JDK JAR OUT [JLINK_OPTION...]: makes OUT a runtime image of JDK with only the modules the
# jar uses (as jdeps finds them). Prints the modules; non-zero status when jdeps or jlink fails (a JDK without
# its modules to link from).
tcpdoctor_link_runtime() {
    local jdk=$1 jar=$2 out=$3 modules
    shift 3
    modules="$("$jdk/bin/jdeps" --multi-release 25 --print-module-deps --ignore-missing-deps "$jar")" || return 1
    [ -n "$modules" ] || return 1
    rm -rf "$out"
    "$jdk/bin/jlink" --add-modules "$modules" --output "$out" --no-header-files --no-man-pages "$@" || return 1
    printf '%s\n' "$modules"
}

# tcpdoctor_add_lambda_forms JAVA JAR: runs the training of every kind of start-up cache with JAVA (a runtime
# image's java, whose lib/classlist this may change), logging the lambda forms each resolves, and writes those the
# JDK's list lacks into the image's lib/classlist (the JDK's own lines are kept in lib/classlist.jdk, so running this
# again after a new build starts from them). Record the caches afterwards. Non-zero status when a training fails or
# the list cannot be written; the list is then the JDK's.
tcpdoctor_add_lambda_forms() {
    local java=$1 jar=$2 list work k status=0
    list="${java%/bin/java}/lib/classlist"
    [ -f "$list" ] && [ -w "$list" ] || return 1
    [ -f "$list.jdk" ] || cp -p "$list" "$list.jdk" || return 1
    work="$(mktemp -d "${TMPDIR:-/tmp}/tcpdoctor-forms.XXXXXX")" || return 1
    for k in $tcpdoctor_cache_kinds; do
        # The training as a cache records it (tcpdoctor_record_cache), writing the class list instead of the cache.
        (cd "$work" && tcpdoctor_train "$java" "$jar" "$k" -XX:DumpLoadedClassList="$work/$k.classlist") \
            >/dev/null 2>&1 </dev/null || status=1
    done
    if [ $status = 0 ]; then
        cat "$work"/*.classlist | grep '^@lambda-form-invoker ' | sort -u > "$work/forms" || status=1
        grep -vxFf "$list.jdk" "$work/forms" > "$work/new-forms"   # none new: status 1, an empty file
        cat "$list.jdk" "$work/new-forms" > "$list.new" && mv -f "$list.new" "$list" || status=1
    fi
    [ $status = 0 ] || cp -p "$list.jdk" "$list"
    rm -rf "$work" "$list.new"
    return $status
}
