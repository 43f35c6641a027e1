//! A site as large as a brief must still fit on two sheets: 30 metrics and 100 projects, written
//! into a temp folder. Awkward on purpose: long metric names, every status, illustrative and
//! reported figures mixed, many projects overdue or over plan, more stories in the month than the
//! brief lists.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::write;

/// How many metrics and projects the large site has.
pub const METRICS: usize = 30;
pub const PROJECTS: usize = 100;
/// How many stories it dates in the month of its reporting date.
pub const STORIES_IN_MONTH: usize = 12;

/// The ids of its metrics, in data order.
pub fn metric_ids() -> Vec<String> {
    (0..METRICS).map(|i| format!("metric-{i:02}")).collect()
}

/// A metric's name: some short, some long enough to wrap in the brief's narrow column.
pub fn metric_name(i: usize) -> String {
    const NAMES: &[&str] = &[
        "政务服务事项全程网办率",
        "企业开办平均用时",
        "市直机关内部“一次办好”事项占比达到总数的比例",
        "工程建设项目审批全流程平均用时（自受理至办结，含联合验收）",
        "12345热线群众诉求按时办结率",
        "重点项目签约落地率",
    ];
    format!("{}（第{}项）", NAMES[i % NAMES.len()], i + 1)
}

/// Writes the large site into `<dir>/site` and returns its root.
pub fn large_site(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    write(
        &root,
        "data/site.yaml",
        "title: 德州市优化营商环境和“五型”机关建设工作通报\n\
         description: 测试站点：30项指标、100个项目\n\
         base_url: https://example.gov.cn/large/\n\
         as_of: 2023-06-30\n\
         publisher: 德州市打造“五型”机关和干部队伍工作领导小组办公室（测试）\n",
    );
    let counties = [
        ("decheng", "德城区", "district"),
        ("lingcheng", "陵城区", "district"),
        ("yucheng", "禹城市", "county-city"),
        ("laoling", "乐陵市", "county-city"),
        ("ningjin", "宁津县", "county"),
        ("qingyun", "庆云县", "county"),
        ("linyi", "临邑县", "county"),
        ("qihe", "齐河县", "county"),
        ("pingyuan", "平原县", "county"),
        ("xiajin", "夏津县", "county"),
        ("wucheng", "武城县", "county"),
    ];
    let mut text = String::new();
    for (id, name, kind) in counties {
        writeln!(text, "- {{ id: {id}, name: {name}, kind: {kind} }}").unwrap();
    }
    write(&root, "data/counties.yaml", &text);
    write(
        &root,
        "data/sources.yaml",
        "- id: bulletin\n  title: 德州市优化营商环境工作月报（2023年第6期）\n  publisher: 德州市优化营商环境工作专班\n  date: 2023-06-30\n  url: https://example.org/bulletin/2023-06\n\
         - id: stats\n  title: 德州市统计月报\n  publisher: 德州市统计局\n  date: 2023-06\n",
    );
    let mut text = String::new();
    for i in 0..6 {
        writeln!(
            text,
            "- id: fact-{i}\n  label: 全市重点事项{i}\n  value: {}\n  unit_label: 个\n  date: 2023-06\n  headline: true\n  source: bulletin\n  illustrative: {}",
            120 + i * 37,
            i % 2 == 0
        )
        .unwrap();
    }
    write(&root, "data/facts.yaml", &text);

    let mut text = String::new();
    for (i, id) in metric_ids().iter().enumerate() {
        let lower = i % 4 == 1;
        let (direction, base, target) = if lower {
            ("lower", 20.0, 5.0)
        } else {
            ("higher", 40.0, 90.0)
        };
        // Deadlines: most at the end of 2023; every seventh already passed (未达标 or 已达标).
        let deadline = if i % 7 == 3 {
            "2023-03-31"
        } else {
            "2023-12-31"
        };
        // How far along the latest reading is, by metric: behind, on track, met.
        let share = [0.2, 0.5, 0.7, 1.0, 0.4][i % 5];
        let months = if i % 9 == 8 { 1 } else { 6 }; // a metric with one reading only
        let stale = i % 11 == 10; // readings that stop in January
        writeln!(
            text,
            "- id: {id}\n  name: {}\n  unit_label: \"{}\"\n  direction: {direction}\n  baseline: {{ date: 2022-12-31, value: {base} }}\n  target: {{ value: {target}, deadline: {deadline} }}\n  source: {}\n  illustrative: {}\n  observations:",
            metric_name(i),
            if lower { "天" } else { "%" },
            if i % 2 == 0 { "bulletin" } else { "stats" },
            i % 3 == 0
        )
        .unwrap();
        for m in 1..=months {
            let month = if stale { 1 } else { 7 - months + m - 1 }.max(1);
            if stale && m > 1 {
                break;
            }
            let progress = share * m as f64 / months as f64;
            let value = base + (target - base) * progress;
            writeln!(
                text,
                "    - {{ date: 2023-{month:02}-{:02}, value: {value:.1}, illustrative: {} }}",
                [31, 28, 31, 30, 31, 30][month as usize - 1],
                i % 4 == 2
            )
            .unwrap();
        }
    }
    write(&root, "data/metrics.yaml", &text);

    let mut text = String::new();
    for i in 0..PROJECTS {
        let county = counties[i % counties.len()].0;
        let planned = 5000 + (i % 13) * 1700;
        let status = ["planned", "started", "started", "completed"][i % 4];
        // Every third project past its target date; every fifth invested beyond its plan.
        let target = if i % 3 == 0 {
            "2023-03-31"
        } else {
            "2024-12-31"
        };
        let invested = if i % 5 == 0 {
            planned + planned / 10
        } else {
            planned / 2
        };
        write!(
            text,
            "- id: project-{i:03}\n  name: {}{}号重点项目（{}）\n  county: {county}\n  category: {}\n  programme: {}\n  planned_investment: {planned}\n  status: {status}\n  start: 2022-03-01\n  target: {target}\n  source: bulletin\n  illustrative: {}\n",
            counties[i % counties.len()].1,
            i + 1,
            ["产业园区基础设施建设", "道路提升改造", "政务服务中心"][i % 3],
            ["产业", "交通", "政务"][i % 3],
            if i % 2 == 0 { "battle-map" } else { "key" },
            i % 4 == 1
        )
        .unwrap();
        if i % 17 != 16 {
            writeln!(
                text,
                "  invested:\n    - {{ date: 2023-05-31, amount: {invested} }}"
            )
            .unwrap();
        }
    }
    write(&root, "data/projects.yaml", &text);

    for i in 0..STORIES_IN_MONTH + 2 {
        // Two stories of May: not of this brief's month.
        let date = if i < STORIES_IN_MONTH {
            format!("2023-06-{:02}", 28 - i * 2)
        } else {
            format!("2023-05-{:02}", 10 + i)
        };
        write(
            &root,
            &format!("content/stories/story-{i:02}.md"),
            &format!(
                "---\ntitle: 第{}篇报道：{}推进“五型”机关建设的做法和成效\ndate: {date}\nsummary: 这是一段相当长的摘要，用来检验简报只取一句、一行，并在太长的时候截断，而不是让文字溢出纸面。第二句不应出现。\nreporter: 测试记者\nresponsible_editor: 测试编辑\n---\n\n正文。\n",
                i + 1,
                counties[i % counties.len()].1
            ),
        );
    }
    root
}
