#!/usr/bin/env python3
"""Benchmark: what reading the history costs (issue 16: at most +10% build time).

Makes, in a temp folder, a git repository holding the example site with 100 publications: each
moves `as_of` on by a month, adds a reading to the first metric and an investment report to the
first project, and every tenth revises an earlier reading and corrects a story. Then builds it
with the release binary, alternating, in three conditions:

  history   the repository with 100 publications (the feature at work);
  one       the same site in a repository with a single publication (the example site today);
  none      the same site outside any repository (history unavailable: nothing read from git).

Prints the median wall time of each, the cost of `history` against `none`, and the medians of the
build's own "history" phase (`--verbose`).

    cargo build --release && python3 benches/history.py        # BENCH_RUNS=11 by default
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("TONGBAO_BIN", os.path.join(REPO, "target", "release", "tongbao"))
RUNS = int(os.environ.get("BENCH_RUNS", "11"))
PUBLICATIONS = int(os.environ.get("BENCH_PUBLICATIONS", "100"))


def git(cwd, *args, date=None):
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.org",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.org")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def copy_site(to):
    os.makedirs(to)
    for part in ("data", "content", "static", "themes"):
        src = os.path.join(REPO, part)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(to, part))


def month_end(i):
    """The last day of the i-th month after 2022-09 (as YYYY-MM-DD)."""
    y, m = 2022 + (8 + i) // 12, (8 + i) % 12 + 1
    nxt = (y + (m // 12), m % 12 + 1)
    import datetime
    d = datetime.date(nxt[0], nxt[1], 1) - datetime.timedelta(days=1)
    return d.isoformat()


def replace(path, old, new):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert old in text, (path, old)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))


def make_history(root, publications):
    copy_site(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "p0", date="2022-10-01T10:00:00+08:00")
    metrics = os.path.join(root, "data", "metrics.yaml")
    projects = os.path.join(root, "data", "projects.yaml")
    story = os.path.join(root, "content", "stories", "audit-points.md")
    last_obs = "    - { date: 2022-09-30, value: 84, illustrative: true }"
    as_of = "2022-09-30"
    for i in range(1, publications):
        new_as_of = month_end(i)
        replace(os.path.join(root, "data", "site.yaml"), f"as_of: {as_of}", f"as_of: {new_as_of}")
        obs = f"    - {{ date: {new_as_of}, value: {84 + (i % 6)}, illustrative: true }}"
        replace(metrics, last_obs, last_obs + "\n" + obs)
        if i % 10 == 0:
            revised = obs.replace("value: 8", "value: 7")
            replace(metrics, obs, revised)
            obs = revised
            with open(story, "a", encoding="utf-8") as f:
                f.write(f"\n\n第{i}期补记。\n")
        last_obs = obs
        with open(projects, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"(\n  invested:\n)", rf"\1    - {{ date: {new_as_of}, amount: {1000 + i} }}\n", text, count=1)
        with open(projects, "w", encoding="utf-8") as f:
            f.write(text)
        as_of = new_as_of
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"p{i}", date=f"{new_as_of}T20:00:00+08:00")


def build(root, out):
    started = time.perf_counter()
    p = subprocess.run([BIN, "build", "--root", root, "--output", out, "--verbose"],
                       capture_output=True, text=True)
    took = time.perf_counter() - started
    if p.returncode != 0:
        sys.exit(p.stdout + p.stderr)
    phase = re.search(r"^  history\s+([\d.]+) ms", p.stdout + p.stderr, re.M)
    return took, float(phase.group(1)) if phase else None


def main():
    if not os.path.exists(BIN):
        sys.exit("build the release binary first: cargo build --release")
    tmp = tempfile.mkdtemp(prefix="tongbao-history-bench-", dir=os.environ.get("BENCH_DIR"))
    try:
        sites = {"history": os.path.join(tmp, "history"), "one": os.path.join(tmp, "one")}
        make_history(sites["history"], PUBLICATIONS)
        # The same final site, one publication, and outside a repository.
        shutil.copytree(sites["history"], sites["one"], ignore=shutil.ignore_patterns(".git"))
        sites["none"] = os.path.join(tmp, "none")
        shutil.copytree(sites["one"], sites["none"])
        git(sites["one"], "init", "-q", "-b", "main")
        git(sites["one"], "add", "-A")
        git(sites["one"], "commit", "-q", "-m", "one", date="2031-01-01T10:00:00+08:00")
        times = {k: [] for k in sites}
        phases = {k: [] for k in sites}
        for k in sites:  # warm-up
            build(sites[k], os.path.join(tmp, "out-" + k))
        for _ in range(RUNS):
            for k in sites:
                took, phase = build(sites[k], os.path.join(tmp, "out-" + k))
                times[k].append(took)
                if phase is not None:
                    phases[k].append(phase)
        med = {k: statistics.median(v) * 1000 for k, v in times.items()}
        print(f"{PUBLICATIONS} publications, {RUNS} runs each, medians:")
        for k in sites:
            ph = f", history phase {statistics.median(phases[k]):.1f} ms" if phases[k] else ""
            print(f"  {k:8} {med[k]:8.1f} ms{ph}")
        print(f"  cost of 100 publications against none: {100 * (med['history'] / med['none'] - 1):+.1f}%")
        print(f"  cost of one publication against none:  {100 * (med['one'] / med['none'] - 1):+.1f}%")
        pages = sum(len(f) for _, _, f in os.walk(os.path.join(tmp, "out-history")))
        print(f"  files written with 100 publications: {pages}")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
