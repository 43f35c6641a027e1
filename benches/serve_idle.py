#!/usr/bin/env python3
"""Benchmark: the CPU an idle `tongbao serve` uses on a big site (see benches/README.md).

Generates (once, seeded) a site of N stories with `gen_site`, starts `tongbao serve` on it, waits
for the first build and for the watcher to settle, then reads the process's CPU time (utime +
stime from /proc/PID/stat) before and after an idle interval in which no file changes. Prints the
share of one core used while idle. Linux only (it reads /proc).

Environment: BENCH_IDLE_STORIES (default 20000), BENCH_IDLE_SECONDS (default 10), BENCH_DIR
(default /dev/shm/tongbao-bench), BENCH_NO_BUILD=1 to skip `cargo build --release`, BENCH_PROFILE
(default "release"; "debug" measures the debug binaries, for a quick look).
"""

import os
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROFILE = os.environ.get("BENCH_PROFILE", "release")
BIN = os.path.join(REPO, "target", PROFILE)
N = int(os.environ.get("BENCH_IDLE_STORIES", "20000"))
IDLE = float(os.environ.get("BENCH_IDLE_SECONDS", "10"))
WORK = os.environ.get("BENCH_DIR", "/dev/shm/tongbao-bench" if os.path.isdir("/dev/shm") else "/tmp/tongbao-bench")
SEED = "20220930"
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """utime + stime of a process, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def main():
    if os.environ.get("BENCH_NO_BUILD") != "1":
        flags = ["--release"] if PROFILE == "release" else []
        subprocess.run(["cargo", "build", *flags, "--bin", "tongbao", "--example", "gen_site"], cwd=REPO, check=True)
    site = os.path.join(WORK, str(N))
    marker = os.path.join(site, "N")
    if not (os.path.exists(marker) and open(marker).read().split() == [str(N), SEED]):
        print(f"generating N={N} …", file=sys.stderr)
        subprocess.run([os.path.join(BIN, "examples", "gen_site"), site, str(N), SEED], check=True)
    serve = subprocess.Popen(
        [os.path.join(BIN, "tongbao"), "serve", "--quiet", "--port", "0", "--root", f"{site}/tongbao"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        # The first line is printed after the first build.
        first = serve.stdout.readline().decode().strip()
        if not first.startswith("serving"):
            sys.exit(f"serve did not start: {first!r}")
        time.sleep(3)  # the watcher's start-up scan
        before = cpu_seconds(serve.pid)
        time.sleep(IDLE)
        used = cpu_seconds(serve.pid) - before
    finally:
        serve.kill()
        serve.wait()
    print(f"serve idle, {N} stories ({PROFILE}): {used:.2f} s of CPU in {IDLE:.0f} s = {100 * used / IDLE:.2f}% of one core")


if __name__ == "__main__":
    main()
