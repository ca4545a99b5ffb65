#!/usr/bin/env python3
"""Benchmarks/alternate.py RUNS COMMAND PEER-COMMAND: prints "MINE PEER", the median wall times in milliseconds
of the two commands run alternately RUNS times each (after one warm-up run of each).

For the rows whose target is a ratio (run.sh's bench with TARGET-RATIO). Timed one after the other, as hyperfine
times two commands, each median takes whatever the machine was doing during its own second or two: on the
two-CPU VMs this runs on, the same command's median moves by 20 to 30% from one minute to the next, and the ratio
with it. Alternating puts both commands in the same moments.

Each command is the shell-quoted string run.sh builds (printf %q words), split without a shell; a "</dev/null"
word is dropped, standard input being /dev/null anyway, and output is discarded. The time to start a process
from here is measured the same way on /bin/true and taken off both medians, as hyperfine takes off its shell's.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def words(command):
    return [word for word in shlex.split(command) if word != "</dev/null"]


def main():
    runs = int(sys.argv[1])
    commands = [words(sys.argv[2]), words(sys.argv[3]), ["/bin/true"]]
    null = open(os.devnull, "r+b")

    def wall(argv):
        start = time.perf_counter()
        subprocess.run(argv, stdin=null, stdout=null, stderr=null, check=False)
        return (time.perf_counter() - start) * 1000

    for argv in commands:
        wall(argv)
    times = [[], [], []]
    for _ in range(runs):
        for index, argv in enumerate(commands):
            times[index].append(wall(argv))
    mine, peer, spawn = (statistics.median(series) for series in times)
    print("%.1f %.1f" % (mine - spawn, peer - spawn))


if __name__ == "__main__":
    main()
