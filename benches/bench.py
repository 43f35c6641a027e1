#!/usr/bin/env python3
"""Benchmark: tongbao against Hugo on the same synthetic stories (see benches/README.md).

For each size N it generates (once, seeded) three sites with `gen_site`, then runs, interleaved and
several times each: tongbao on the whole site, tongbao on the stories-only site, Hugo on the same
stories, and the pulldown-cmark floor. Each run is a fresh child process into an emptied output
folder; wall time is measured around it, CPU time and peak RSS come from the kernel (wait4).

Environment: BENCH_SIZES (default "1000 10000 50000"), BENCH_RUNS (default 3), BENCH_DIR (default
/dev/shm/tongbao-bench, a tmpfs), HUGO (default "hugo"), BENCH_NO_BUILD=1 to skip `cargo build --release`.
"""

import os
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(REPO, "target", "release")
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000 10000 50000").split()]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
# On tmpfs by default: the benchmark measures the generators, not the disk (on a busy virtual disk,
# creating a file can cost a millisecond of system time, which would swamp every figure).
WORK = os.environ.get("BENCH_DIR", "/dev/shm/tongbao-bench" if os.path.isdir("/dev/shm") else "/tmp/tongbao-bench")
HUGO = os.environ.get("HUGO", "hugo")
SEED = "20220930"


def run(argv):
    """Runs argv once; returns (wall seconds, cpu seconds, peak RSS in MiB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{argv[0]} failed ({code}):\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def count_pages(folder):
    return sum(f.endswith(".html") for _, _, files in os.walk(folder) for f in files)


def generate(n):
    site = os.path.join(WORK, str(n))
    marker = os.path.join(site, "N")
    if os.path.exists(marker) and open(marker).read().split() == [str(n), SEED]:
        return site
    print(f"generating N={n} …", file=sys.stderr)
    subprocess.run([os.path.join(RELEASE, "examples", "gen_site"), site, str(n), SEED], check=True)
    return site


def tools(site, out):
    tongbao = os.path.join(RELEASE, "tongbao")
    return {
        "tongbao (whole site)": [tongbao, "build", "--root", f"{site}/tongbao", "--output", out],
        "tongbao (stories only)": [tongbao, "build", "--root", f"{site}/tongbao-stories", "--output", out],
        "hugo (stories)": [HUGO, "--quiet", "--source", f"{site}/hugo", "--destination", out],
        "floor (pulldown-cmark)": [os.path.join(RELEASE, "examples", "floor"), f"{site}/tongbao-stories", out],
    }


def main():
    if not os.environ.get("BENCH_NO_BUILD"):
        subprocess.run(
            ["cargo", "build", "--release", "--bin", "tongbao", "--example", "gen_site", "--example", "floor"],
            cwd=REPO,
            check=True,
        )
    hugo_version = subprocess.run([HUGO, "version"], capture_output=True, text=True, check=True).stdout.strip()
    print(f"# {hugo_version}; {os.cpu_count()} CPUs; {RUNS} runs each, interleaved; medians")
    header = f"{'N':>6}  {'tool':<23} {'wall s':>8} {'cpu s':>8} {'RSS MiB':>8} {'pages':>7} {'pages/s':>9} {'ms/page':>8}"
    results = {}
    for n in SIZES:
        site = generate(n)
        out = os.path.join(WORK, f"out-{n}")
        samples = {name: [] for name in tools(site, out)}
        pages = {}
        for _ in range(RUNS):
            for name, argv in tools(site, out).items():
                shutil.rmtree(out, ignore_errors=True)
                samples[name].append(run(argv))
                pages[name] = count_pages(out)
        shutil.rmtree(out, ignore_errors=True)
        print(header)
        for name, runs in samples.items():
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            rss = statistics.median(r[2] for r in runs)
            results[(n, name)] = (wall, cpu, rss, pages[name])
            print(
                f"{n:>6}  {name:<23} {wall:>8.3f} {cpu:>8.3f} {rss:>8.1f} {pages[name]:>7}"
                f" {pages[name] / wall:>9.0f} {1000 * wall / pages[name]:>8.3f}"
            )
        whole, stories, hugo, floor = (results[(n, k)] for k in samples)
        print(
            f"{n:>6}  ratios: like-for-like pages/s tongbao/hugo {stories[3] / stories[0] / (hugo[3] / hugo[0]):.2f}x;"
            f" hugo wall / tongbao whole-site wall {hugo[0] / whole[0]:.2f}x;"
            f" RSS hugo/tongbao(stories) {hugo[2] / stories[2]:.1f}x;"
            f" tongbao(stories)/floor wall {stories[0] / floor[0]:.2f}x;"
            f" cpu tongbao(stories)/hugo {stories[1] / hugo[1]:.2f}"
        )
        print()
    first = SIZES[0]
    for n in SIZES[1:]:
        for name in ("tongbao (whole site)", "tongbao (stories only)"):
            a, b = results[(first, name)], results[(n, name)]
            print(f"time per page, {name}, N={n} vs N={first}: {(b[0] / b[3]) / (a[0] / a[3]):.2f}x")
    if 10000 in SIZES:
        hugo, whole = results[(10000, "hugo (stories)")], results[(10000, "tongbao (whole site)")]
        print(f"10k: hugo wall / tongbao whole-site wall = {hugo[0] / whole[0]:.2f}x ({hugo[0]:.3f} s / {whole[0]:.3f} s)")


if __name__ == "__main__":
    main()
