/*
 * One native function: a system call and its errno, for io.tcpdoctor.collect.Libc. Binding a call through the
 * Foreign Function and Memory API writes classes at run time (about 25 ms of every short command); a JNI method
 * is linked by its symbol name. Built by scripts/native.sh into libtcpdoctor-syscall.so, beside the jar.
 */
#include <jni.h>
#include <errno.h>
#include <unistd.h>

/* io.tcpdoctor.collect.Libc.Jni.sys(long nr, long a, long b, long c, long d, long e, long f): syscall(2)'s result,
 * or minus errno when it fails (none of the calls tcpdoctor makes returns less than 0 on success). */
JNIEXPORT jlong JNICALL Java_io_tcpdoctor_collect_Libc_00024Jni_sys(JNIEnv *env, jclass cls, jlong nr, jlong a,
        jlong b, jlong c, jlong d, jlong e, jlong f) {
    (void) env;
    (void) cls;
    long r = syscall((long) nr, (long) a, (long) b, (long) c, (long) d, (long) e, (long) f);
    return r == -1 ? -(jlong) errno : (jlong) r;
}
