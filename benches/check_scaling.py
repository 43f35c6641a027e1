#!/usr/bin/env python3
"""`tongbao check` on sites with one broken image link per story: is reporting linear?

For each size N it generates (once, seeded) the stories-only site with `gen_site`, adds to every story
a link to an image that does not exist, and runs `tongbao check` several times (medians). It prints
the time, the number of problems reported and the time per problem; with TONGBAO_BEFORE set to another
tongbao binary, both are run interleaved and the ratio is printed, so a change is measured side by side.

    python3 benches/check_scaling.py
    BENCH_SIZES="2000 5000 10000" BENCH_RUNS=3 TONGBAO_BEFORE=/path/to/old/tongbao python3 benches/check_scaling.py

Environment: BENCH_SIZES (default "2000 5000 10000"), BENCH_RUNS (3), BENCH_DIR
(/dev/shm/tongbao-check-bench), BENCH_NO_BUILD=1 to skip `cargo build --release`.
"""

import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, "target", "release")
WORK = os.environ.get("BENCH_DIR", "/dev/shm/tongbao-check-bench")
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "2000 5000 10000").split()]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SEED = "7"


def site_with_broken_links(n):
    site = os.path.join(WORK, str(n))
    marker = os.path.join(site, "BROKEN")
    if not os.path.exists(marker):
        subprocess.run([os.path.join(RELEASE, "examples", "gen_site"), site, str(n), SEED], check=True)
        stories = os.path.join(site, "tongbao-stories", "content", "stories")
        for name in sorted(os.listdir(stories)):
            with open(os.path.join(stories, name), "a", encoding="utf-8") as f:
                f.write(f"\n![缺失的图片](/images/missing-{name[:-3]}.png)\n")
        open(marker, "w").close()
    return os.path.join(site, "tongbao-stories")


def check(binary, site):
    start = time.perf_counter()
    done = subprocess.run([binary, "check", "--root", site, "--format", "json"], capture_output=True)
    wall = time.perf_counter() - start
    if done.returncode == 0:
        sys.exit(f"{binary}: check passed on a site with broken links")
    problems = done.stdout.count(b'"severity"')
    return wall, problems


def main():
    if not os.environ.get("BENCH_NO_BUILD"):
        subprocess.run(
            ["cargo", "build", "--release", "--bin", "tongbao", "--example", "gen_site"], cwd=ROOT, check=True
        )
    binaries = {"tongbao": os.path.join(RELEASE, "tongbao")}
    if os.environ.get("TONGBAO_BEFORE"):
        binaries = {"before": os.environ["TONGBAO_BEFORE"], **binaries}
    print(f"`tongbao check`, one broken image link per story; medians of {RUNS} interleaved runs")
    header = f"{'stories':>8} {'problems':>9}"
    for name in binaries:
        header += f" {name + ' s':>12} {name + ' ms/problem':>20}"
    if len(binaries) == 2:
        header += f" {'before/after':>13}"
    print(header)
    for n in SIZES:
        site = site_with_broken_links(n)
        times = {name: [] for name in binaries}
        problems = {}
        for _ in range(RUNS):
            for name, binary in binaries.items():
                wall, found = check(binary, site)
                times[name].append(wall)
                problems[name] = found
        line = f"{n:>8} {problems['tongbao']:>9}"
        medians = {name: statistics.median(t) for name, t in times.items()}
        for name in binaries:
            per = medians[name] / max(problems[name], 1) * 1000
            line += f" {medians[name]:>12.2f} {per:>20.3f}"
        if len(binaries) == 2:
            line += f" {medians['before'] / medians['tongbao']:>12.1f}×"
        print(line, flush=True)


if __name__ == "__main__":
    main()
