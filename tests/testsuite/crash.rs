//! Crash safety: CI may kill a build at any moment. A build killed with SIGKILL at 20 moments
//! spread over its run leaves the previous site complete and unchanged every time, and the next
//! build succeeds and removes what the killed one left behind.

#![cfg(unix)]

use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use crate::support::*;

/// Writes a site big enough that a build takes a while: many stories and units.
fn large_site(root: &Path, stories: usize) {
    let mut units = std::fs::read_to_string(root.join("data/units.yaml")).unwrap();
    for u in 0..stories / 5 {
        units.push_str(&format!(
            "- id: unit-{u}\n  name: 单位{u}\n  kind: county-department\n  county: wucheng\n"
        ));
    }
    write(root, "data/units.yaml", &units);
    let paragraph = "德州市审计系统推行全员积分量化绩效管理考评，聚集党建工作、工作业绩、综合指标、民主评议4大板块。".repeat(8);
    for s in 0..stories {
        write(
            root,
            &format!("content/stories/story-{s}.md"),
            &format!(
                "---\ntitle: 第{s}篇报道\ndate: 2022-09-{:02}\nunits: [unit-{}]\ntags: [标签{}]\n---\n\n## 小标题\n\n{paragraph}\n\n- 一\n- 二\n\n| 项 | 值 |\n|---|---|\n| 分 | {s} |\n",
                s % 28 + 1,
                s % (stories / 5),
                s % 17
            ),
        );
    }
}

#[test]
fn a_killed_build_never_damages_the_previous_site() {
    let (_tmp, root) = site_from_fixture("minimal");
    large_site(&root, 1000);
    let run = || {
        let mut command = tongbao();
        command
            .args(["build", "--root"])
            .arg(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        command
    };
    let started = Instant::now();
    let first = run().output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let full = started.elapsed();
    let original = read_tree(&root.join("public"));
    assert!(original.len() > 1000);

    // Deterministic moments spread over the whole run (a small LCG; no wall-clock seed).
    let mut seed: u64 = 0x7f4a_7c15;
    let mut survived = 0;
    for trial in 0..20 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let fraction = (seed >> 33) as f64 / (1u64 << 31) as f64;
        let delay = full.mul_f64(fraction * 1.1);
        let mut child = run().spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = read_tree(&root.join("public"));
        assert_eq!(
            now.len(),
            original.len(),
            "trial {trial} (killed after {delay:?}): file count changed"
        );
        assert!(
            now == original,
            "trial {trial} (killed after {delay:?}): the site changed"
        );
        survived += 1;
    }
    assert_eq!(survived, 20);
    assert!(
        run().status().unwrap().success(),
        "the build after the kills failed"
    );
    let after = read_tree(&root.join("public"));
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| original.get(*k) != after.get(*k))
        .collect();
    assert!(
        after.len() == original.len() && changed.is_empty(),
        "the rebuilt site differs: {changed:?}"
    );
    let leftovers = staging_leftovers(&root);
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}
