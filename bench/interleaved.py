#!/usr/bin/env python3
"""Interleaved whole-process timing of a few commands, for before/after comparisons of two builds.

Each round runs every command once, the order reversed every other round, so the slow drift of a shared machine
(10-20 % from one minute to the next) falls on both sides alike; hyperfine runs one command's runs together.
Two warm-up runs each, output discarded; prints the median, the first quartile and the minimum of each, each
median as a ratio of the first command's, and the median CPU time (user and system, of every thread and child
process of the command: on a machine of few cores what one build saves on a thread beside the command's own can
show there before it shows in the wall time), and the median page faults (minor faults, the same way: a count
that does not move with the machine's load, where a fault costs 9-26 us on some virtual machines,
bench/page-cost.c).

Usage: bench/interleaved.py ROUNDS NAME 'COMMAND' NAME 'COMMAND' ...
  e.g. bench/interleaved.py 30 now './tcpdoctor explain time-wait' before '/path/to/old/tcpdoctor explain time-wait'
"""
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time

if len(sys.argv) < 4 or len(sys.argv) % 2 != 0:
    sys.exit(__doc__.strip().splitlines()[-2].strip())
rounds = int(sys.argv[1])
pairs = list(zip(sys.argv[2::2], sys.argv[3::2]))
times = {name: [] for name, _ in pairs}
cpu = {name: [] for name, _ in pairs}
faults = {name: [] for name, _ in pairs}
with open(os.devnull, "w") as null:
    for _, cmd in pairs:
        for _ in range(2):
            subprocess.run(shlex.split(cmd), stdout=null, stderr=null)
    for i in range(rounds):
        for name, cmd in (pairs if i % 2 == 0 else pairs[::-1]):
            r = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(shlex.split(cmd), stdout=null, stderr=null)
            times[name].append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime - r.ru_utime + after.ru_stime - r.ru_stime)
            faults[name].append(after.ru_minflt - r.ru_minflt)
first = statistics.median(times[pairs[0][0]])
for name, _ in pairs:
    v = sorted(times[name])
    m = statistics.median(v)
    c = statistics.median(cpu[name])
    print(f"{name:<28} median {m * 1000:8.1f} ms  p25 {v[len(v) // 4] * 1000:8.1f}  min {v[0] * 1000:8.1f}  x{m / first:5.2f}"
          f"  cpu {c * 1000:8.1f} ms  faults {statistics.median(faults[name]):6.0f}")
