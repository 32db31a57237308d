#!/usr/bin/env python3
"""Page faults of whole commands, for bench/live-bench.sh: the minor faults (a page mapped for the first time,
from memory: no disk read) of each command and of every thread and child process it starts, median of RUNS runs,
output discarded. Where a fault is dear (bench/page-cost.c measures what each kind costs), these counts explain
much of a short command's time. Not every fault costs the same (a page written for the first time, one copied on
write, one of a cached file read), so no time is derived from them here.

Usage: bench/faults.py RUNS NAME 'COMMAND' NAME 'COMMAND' ...
"""
import os
import resource
import shlex
import statistics
import subprocess
import sys

if len(sys.argv) < 4 or len(sys.argv) % 2 != 0:
    sys.exit(__doc__.strip().splitlines()[-1].strip())
runs = int(sys.argv[1])
with open(os.devnull, "w") as null:
    for name, cmd in zip(sys.argv[2::2], sys.argv[3::2]):
        counts = []
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt
            subprocess.run(shlex.split(cmd), stdout=null, stderr=null)
            counts.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt - before)
        m = statistics.median(counts)
        print(f"{name:<32} {m:8.0f} page faults")
