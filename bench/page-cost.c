/*
 * What a page fault costs on this machine, for bench/live-bench.sh, by the kinds a JVM's start makes:
 *   fresh      the first write into a 4 KB page of a new anonymous mapping (the kernel finds a page, zeroes it and
 *              maps it; under a hypervisor the host may have to back it first): the JVM's heap tables, its
 *              threads' stacks, malloc's memory
 *   copy       the first write into a 4 KB page of a file mapped private and already in the page cache (the
 *              kernel copies the page): the JVM's start-up cache, relocated at each start, and the relocations of
 *              its shared libraries
 *   read       the first read of such a page (the kernel maps it, and its cached neighbours with it)
 *   huge       the first write into new anonymous memory in 2 MB pages (transparent huge pages, asked for with
 *              madvise): the JVM's heap and code
 * Each as microseconds per 4 KB of memory and per fault, the median of the rounds. ss makes a few hundred faults,
 * a JVM a few thousand before its main method runs (bench/faults.py counts them): what they cost is the part of a
 * JVM's start that no program's own code can remove.
 *
 * The file is a temporary one in $TMPDIR (or /tmp), removed at once after it is opened.
 *
 * Usage: page-cost [MB] [ROUNDS]   (default 32 MB, 5 rounds)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define ALIGN (2ul << 20)

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static long faults(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_minflt;
}

/* What one kind of touch cost: microseconds per 4 KB page, and per fault (the kernel may map several pages a
 * fault, or one 2 MB page). */
struct cost {
    double per_page;
    double per_fault;
};

static struct cost timed(double us, size_t bytes, long n) {
    struct cost c = {us / (double) (bytes / 4096), n > 0 ? us / (double) n : 0};
    return c;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

/* Writes once into every page of new anonymous memory. */
static struct cost anon(size_t bytes, int huge) {
    char *raw = mmap(NULL, bytes + ALIGN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        die("page-cost: mmap");
    }
    char *p = (char *) (((unsigned long) raw + ALIGN - 1) & ~(ALIGN - 1));
    /* A kernel without transparent huge pages ignores this: both rows then measure small pages. */
    (void) madvise(p, bytes, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    long f0 = faults();
    double t0 = now_us();
    for (size_t i = 0; i < bytes; i += 4096) {
        p[i] = 1;
    }
    double t = now_us() - t0;
    long n = faults() - f0;
    munmap(raw, bytes + ALIGN);
    return timed(t, bytes, n);
}

/* Writes (copy on write) or reads every page of a private mapping of the file. */
static struct cost file(int fd, size_t bytes, int writing) {
    volatile char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
        die("page-cost: mmap of the file");
    }
    long sum = 0;
    long f0 = faults();
    double t0 = now_us();
    for (size_t i = 0; i < bytes; i += 4096) {
        if (writing) {
            p[i] = 1;
        } else {
            sum += p[i];
        }
    }
    double t = now_us() - t0;
    long n = faults() - f0;
    munmap((void *) p, bytes);
    (void) sum;
    return timed(t, bytes, n);
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

/* The median of each measure of the rounds, printed as "NAME PAGE (FAULT a fault)". */
static void report(const char *name, struct cost *c, int n) {
    double page[100], fault[100];
    for (int i = 0; i < n; i++) {
        page[i] = c[i].per_page;
        fault[i] = c[i].per_fault;
    }
    qsort(page, n, sizeof(double), cmp);
    qsort(fault, n, sizeof(double), cmp);
    printf("%s %.2f (%.1f a fault)", name, page[n / 2], fault[n / 2]);
}

int main(int argc, char **argv) {
    long mb = argc > 1 ? atol(argv[1]) : 32;
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    if (mb < 2 || mb > 1024 || rounds < 1 || rounds > 100) {
        fprintf(stderr, "usage: page-cost [MB 2-1024] [ROUNDS 1-100]\n");
        return 2;
    }
    size_t bytes = (size_t) mb << 20;
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/page-cost.XXXXXX", dir != NULL && *dir != '\0' ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        die("page-cost: temporary file");
    }
    unlink(path);
    char block[65536];
    memset(block, 7, sizeof block);
    for (size_t done = 0; done < bytes; done += sizeof block) {
        if (write(fd, block, sizeof block) != (ssize_t) sizeof block) {
            die("page-cost: writing the temporary file");
        }
    }
    struct cost fresh[100], copy[100], cached[100], huge[100];
    for (int r = 0; r < rounds; r++) {
        fresh[r] = anon(bytes, 0);
        copy[r] = file(fd, bytes, 1);
        cached[r] = file(fd, bytes, 0);
        huge[r] = anon(bytes, 1);
    }
    close(fd);
    printf("page faults, us per 4 KB (median of %d rounds of %ld MB): ", rounds, mb);
    report("fresh", fresh, rounds);
    report(", copy", copy, rounds);
    report(", read", cached, rounds);
    report(", huge", huge, rounds);
    printf("\n");
    return 0;
}
