//! Synthetic benchmark sites: a deterministic (seeded) generator of N Chinese stories, written three
//! ways from the same stories so builds can be compared like for like.
//!
//! ```text
//! gen_site OUT N [SEED]
//!   OUT/tongbao/          the whole tongbao site: N stories, N/5 units, N/20 posts (one file each,
//!                         data/posts/<id>.yaml), N/20 projects with milestones, N/50 metrics with 60
//!                         monthly observations, counties, sources
//!   OUT/tongbao-stories/  the same N stories with minimal data (site, counties, one source): the
//!                         like-for-like variant
//!   OUT/hugo/             the same N stories as a Hugo site with minimal templates: a page per story,
//!                         tag and county lists paginated by 20, an RSS feed, a sitemap
//! ```
//!
//! Each story has about 1,000 Chinese characters, three headings, a list, a table, links (to another
//! story, a county and an outside page) and an image that exists under `static/`. The same N and SEED
//! always give byte-identical files. No dependency: the random numbers come from splitmix64.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// splitmix64: tiny, fast and good enough to vary synthetic text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `k` distinct indices below `n`, sorted.
    fn distinct(&mut self, k: usize, n: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        while out.len() < k.min(n) {
            let x = self.below(n);
            if !out.contains(&x) {
                out.push(x);
            }
        }
        out.sort_unstable();
        out
    }
}

const COUNTIES: &[(&str, &str, &str)] = &[
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

const TAGS: &[&str] = &[
    "积分制考核",
    "审计",
    "四色管理",
    "五零岗位",
    "挂图作战",
    "一次办好",
    "营商环境",
    "作风建设",
    "基层治理",
    "乡村振兴",
    "项目建设",
    "政务服务",
    "干部培训",
    "民生实事",
    "招商引资",
    "安全生产",
    "生态环保",
    "文化旅游",
    "数字政府",
    "科技创新",
    "教育",
    "医疗卫生",
    "交通",
    "水利",
    "农业",
    "工业",
    "城市更新",
    "社区服务",
    "信访",
    "市场监管",
];

const DEPARTMENTS: &[&str] = &[
    "审计局",
    "财政局",
    "发展和改革委员会",
    "行政审批服务局",
    "市场监督管理局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "教育和体育局",
    "生态环境局",
    "人力资源和社会保障局",
];

const SUBJECTS: &[&str] = &[
    "干部职工",
    "窗口工作人员",
    "项目专班",
    "领导班子",
    "基层党组织",
    "服务专员",
    "业务骨干",
    "包联干部",
    "网格员",
    "青年干部",
];

const VERBS: &[&str] = &[
    "细化落实",
    "推动完成",
    "持续优化",
    "全面梳理",
    "逐项对照",
    "集中攻坚",
    "统筹推进",
    "跟踪督办",
    "深入走访",
    "主动对接",
];

const OBJECTS: &[&str] = &[
    "考核指标体系",
    "企业开办流程",
    "重点项目手续",
    "群众反映的问题",
    "服务事项清单",
    "年度工作任务",
    "审批材料",
    "安全隐患台账",
    "惠企政策",
    "村级集体经济",
    "办事指南",
    "责任清单",
];

const CLAUSES: &[&str] = &[
    "做到件件有回音、事事有着落",
    "把工作成效体现在群众的获得感上",
    "实现了由被动应对向主动服务的转变",
    "形成了可复制、可推广的经验做法",
    "有效激发了干事创业的热情",
    "让数据多跑路、群众少跑腿",
    "确保各项任务按时间节点推进",
    "营造了比学赶超的浓厚氛围",
    "进一步压缩了办理时限",
    "打通了服务群众的最后一公里",
];

const HEADINGS: &[&str] = &[
    "从一张清单做起",
    "把考核挺在前面",
    "让数据说话",
    "难题清零",
    "服务送上门",
    "比学赶超",
    "一线见成效",
    "下一步",
    "群众怎么说",
    "制度管长远",
];

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN: &[&str] = &[
    "丽君", "承恺", "超然", "明轩", "晓燕", "志强", "海涛", "静怡",
];

/// A quoted YAML string (double quotes; the generated text never holds `"` or `\`).
fn q(s: &str) -> String {
    format!("\"{s}\"")
}

fn person(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

fn sentence(rng: &mut Rng, out: &mut String) {
    let county = rng.pick(COUNTIES).1;
    let _ = write!(
        out,
        "{}{}{}{}，{}。",
        county,
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        rng.pick(CLAUSES)
    );
}

fn paragraph(rng: &mut Rng, sentences: usize) -> String {
    let mut p = String::new();
    for _ in 0..sentences {
        sentence(rng, &mut p);
    }
    p
}

/// One story, as written once for every variant.
struct Story {
    slug: String,
    title: String,
    date: String,
    summary: String,
    tags: Vec<&'static str>,
    counties: Vec<usize>,
    units: Vec<usize>,
    posts: Vec<usize>,
    projects: Vec<usize>,
    reporter: String,
    editor: String,
    body: String,
}

fn date_of(day: usize) -> String {
    // Days counted from 2020-01-01 over 28-day months keep every date valid and before 2022-09-30.
    let month = day / 28;
    format!(
        "{}-{:02}-{:02}",
        2020 + month / 12,
        month % 12 + 1,
        day % 28 + 1
    )
}

fn story(rng: &mut Rng, i: usize, n: usize, units: usize, posts: usize, projects: usize) -> Story {
    let slug = format!("story-{i:06}");
    let title = format!(
        "{}{}{}（{}）",
        rng.pick(COUNTIES).1,
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        i + 1
    );
    let date = date_of(rng.below(32 * 28));
    let k = 2 + rng.below(2);
    let tags = rng
        .distinct(k, TAGS.len())
        .into_iter()
        .map(|t| TAGS[t])
        .collect();
    let k = 1 + rng.below(2);
    let counties = rng.distinct(k, COUNTIES.len());
    let pick_some = |rng: &mut Rng, k: usize, of: usize| {
        if of == 0 {
            Vec::new()
        } else {
            rng.distinct(k, of)
        }
    };
    let k = 1 + rng.below(2);
    let story_units = pick_some(rng, k, units);
    let k = rng.below(2);
    let story_posts = pick_some(rng, k, posts);
    let k = rng.below(2);
    let story_projects = pick_some(rng, k, projects);
    let other = format!("story-{:06}", rng.below(n));
    let county = rng.pick(COUNTIES);
    let mut body = String::new();
    let summary = paragraph(rng, 2);
    let _ = writeln!(body, "{summary}\n");
    for (h, heading) in rng.distinct(3, HEADINGS.len()).into_iter().enumerate() {
        let _ = writeln!(body, "## {}\n", HEADINGS[heading]);
        let _ = writeln!(body, "{}\n", paragraph(rng, 3));
        match h {
            0 => {
                for _ in 0..4 {
                    let _ = writeln!(body, "- {}{}", rng.pick(VERBS), rng.pick(OBJECTS));
                }
                let _ = writeln!(
                    body,
                    "\n详见[{}的报道](/counties/{}/)和[相关报道](/stories/{other}/)。\n",
                    county.1, county.0
                );
            }
            1 => {
                let _ = writeln!(
                    body,
                    "| 事项 | 办理时限（天） | 材料（件） |\n|---|---:|---:|"
                );
                for _ in 0..4 {
                    let _ = writeln!(
                        body,
                        "| {} | {} | {} |",
                        rng.pick(OBJECTS),
                        1 + rng.below(20),
                        1 + rng.below(12)
                    );
                }
                let _ = writeln!(body);
            }
            _ => {
                let _ = writeln!(body, "![{}工作现场示意图](/images/figure.svg)\n", county.1);
                let _ = writeln!(
                    body,
                    "政策原文见[德州市人民政府网站](https://www.dezhou.gov.cn/)。\n"
                );
            }
        }
        let _ = writeln!(body, "{}\n", paragraph(rng, 3));
    }
    Story {
        slug,
        title,
        date,
        summary,
        tags,
        counties,
        units: story_units,
        posts: story_posts,
        projects: story_projects,
        reporter: person(rng),
        editor: person(rng),
        body,
    }
}

fn yaml_list(items: impl IntoIterator<Item = String>) -> String {
    format!("[{}]", items.into_iter().collect::<Vec<_>>().join(", "))
}

/// The front matter and body of a tongbao story; `full` keeps the references to data records.
fn tongbao_story(s: &Story, full: bool) -> String {
    let ids = |prefix: &str, v: &[usize]| {
        if full {
            yaml_list(v.iter().map(|i| format!("{prefix}-{i:05}")))
        } else {
            "[]".to_string()
        }
    };
    format!(
        "---\ntitle: {}\ndate: {}\nsummary: {}\nunits: {}\nposts: {}\nprojects: {}\ncounties: {}\ntags: {}\nreporter: {}\ncorrespondents: []\nfirst_review_editor: \"\"\nresponsible_editor: {}\nsource: bench-source\nimages:\n  - src: images/figure.svg\n    alt: 工作现场示意图\n    caption: 工作现场（示意图）\ndraft: false\n---\n\n{}",
        q(&s.title),
        s.date,
        q(&s.summary),
        ids("unit", &s.units),
        ids("post", &s.posts),
        ids("project", &s.projects),
        yaml_list(s.counties.iter().map(|&c| COUNTIES[c].0.to_string())),
        yaml_list(s.tags.iter().map(|t| q(t))),
        q(&s.reporter),
        q(&s.editor),
        s.body
    )
}

fn hugo_story(s: &Story) -> String {
    format!(
        "---\ntitle: {}\ndate: {}\nsummary: {}\ntags: {}\ncounties: {}\nreporter: {}\nresponsible_editor: {}\nimages: [images/figure.svg]\n---\n\n{}",
        q(&s.title),
        s.date,
        q(&s.summary),
        yaml_list(s.tags.iter().map(|t| q(t))),
        yaml_list(s.counties.iter().map(|&c| COUNTIES[c].0.to_string())),
        q(&s.reporter),
        q(&s.editor),
        s.body
    )
}

const FIGURE: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 100\" width=\"200\" height=\"100\" role=\"img\"><title>示意图</title><rect x=\"1\" y=\"1\" width=\"198\" height=\"98\" fill=\"#f7f3ea\" stroke=\"#8a6d3b\"/></svg>\n";

fn site_yaml(title: &str) -> String {
    format!(
        "title: {}\ndescription: 基准测试用的合成站点，全部内容为示意。\nbase_url: https://example.gov.cn/bench/\nas_of: 2022-09-30\nstories_per_page: 20\npublisher: tongbao 基准测试\n",
        q(title)
    )
}

fn counties_yaml() -> String {
    let mut s = String::new();
    for (id, name, kind) in COUNTIES {
        let _ = writeln!(s, "- id: {id}\n  name: {name}\n  kind: {kind}");
    }
    s
}

const SOURCES: &str =
    "- id: bench-source\n  title: 基准测试合成数据\n  publisher: tongbao\n  date: 2022-09-20\n";

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

fn write_common(dir: &Path, title: &str) -> io::Result<()> {
    write(&dir.join("data/site.yaml"), &site_yaml(title))?;
    write(&dir.join("data/counties.yaml"), &counties_yaml())?;
    write(&dir.join("data/sources.yaml"), SOURCES)?;
    write(&dir.join("static/images/figure.svg"), FIGURE)
}

fn write_data(dir: &Path, rng: &mut Rng, n: usize) -> io::Result<()> {
    let (units, posts, projects, metrics) = (n / 5, n / 20, n / 20, n / 50);
    let mut s = String::new();
    for u in 0..units {
        let county = u % COUNTIES.len();
        let _ = writeln!(
            s,
            "- id: unit-{u:05}\n  name: {}\n  kind: county-department\n  county: {}\n  pilot: {}\n  summary: {}\n  source: bench-source\n  illustrative: true\n  ratings:\n    - {{ year: 2021, colour: {}, illustrative: true }}\n    - {{ year: 2022, colour: {}, illustrative: true }}",
            q(&format!(
                "{}{}（{}）",
                COUNTIES[county].1,
                rng.pick(DEPARTMENTS),
                u + 1
            )),
            COUNTIES[county].0,
            u % 7 == 0,
            q(&paragraph(rng, 1)),
            rng.pick(&["red", "yellow", "blue", "green"]),
            rng.pick(&["yellow", "blue", "green", "green"]),
        );
    }
    write(&dir.join("data/units.yaml"), &s)?;
    for p in 0..posts {
        let text = format!(
            "id: post-{p:05}\nname: {}\nunit: unit-{:05}\nawarded: 2022-08-15\nbatch: 2022年8月“五零”岗位\nlead:\n  name: {}\n  title: 科长\nquote: {}\nzeros:\n  zero_error: {}\n  zero_delay: {}\n  zero_distance: {}\n  zero_froth: {}\n  zero_tolerance: {}\nsource: bench-source\nillustrative: true\n",
            q(&format!("{}窗口（{}）", rng.pick(DEPARTMENTS), p + 1)),
            rng.below(units.max(1)),
            q(&person(rng)),
            q(&paragraph(rng, 1)),
            q(&paragraph(rng, 1)),
            q(&paragraph(rng, 1)),
            q(&paragraph(rng, 1)),
            q(&paragraph(rng, 1)),
            q(&paragraph(rng, 1)),
        );
        write(&dir.join(format!("data/posts/post-{p:05}.yaml")), &text)?;
    }
    s.clear();
    for p in 0..projects {
        let planned = 1000 + rng.below(200_000);
        let _ = write!(
            s,
            "- id: project-{p:05}\n  name: {}\n  county: {}\n  lead_unit: unit-{:05}\n  category: {}\n  programme: {}\n  planned_investment: {planned}\n  invested:\n    - {{ date: 2022-03-31, amount: {} }}\n    - {{ date: 2022-06-30, amount: {} }}\n  status: started\n  start: 2022-01-15\n  target: 2024-12-31\n  milestones:\n",
            q(&format!(
                "{}{}项目（{}）",
                rng.pick(COUNTIES).1,
                rng.pick(TAGS),
                p + 1
            )),
            rng.pick(COUNTIES).0,
            rng.below(units.max(1)),
            rng.pick(TAGS),
            rng.pick(&["battle-map", "key"]),
            planned / 5,
            planned / 3,
        );
        for (m, title) in HEADINGS.iter().take(4).enumerate() {
            let done = if rng.below(3) > 0 {
                format!(", done: 2022-{:02}-10", 2 + m * 2)
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "    - {{ title: {}, due: 2022-{:02}-28{done} }}",
                q(title),
                3 + m * 2
            );
        }
        let _ = writeln!(s, "  source: bench-source\n  illustrative: true");
    }
    write(&dir.join("data/projects.yaml"), &s)?;
    s.clear();
    for m in 0..metrics {
        let start = 40 + rng.below(30);
        let _ = write!(
            s,
            "- id: metric-{m:05}\n  name: {}\n  unit_label: \"%\"\n  direction: higher\n  baseline: {{ date: 2017-10-28, value: {start} }}\n  target: {{ value: 95, deadline: 2022-12-31 }}\n  source: bench-source\n  observations:\n",
            q(&format!("{}完成率（{}）", rng.pick(OBJECTS), m + 1)),
        );
        for month in 0..60 {
            let value =
                (start as f64 + month as f64 * 0.8 + rng.below(10) as f64 / 10.0).min(100.0);
            let _ = writeln!(
                s,
                "    - {{ date: {}-{:02}-28, value: {value:.1}, illustrative: true }}",
                2017 + (month + 9) / 12,
                (month + 9) % 12 + 1
            );
        }
    }
    write(&dir.join("data/metrics.yaml"), &s)
}

const HUGO_CONFIG: &str = r#"baseURL = "https://example.gov.cn/bench/"
languageCode = "zh-cn"
title = "基准测试"
hasCJKLanguage = true
paginate = 20
disableKinds = []
enableRobotsTXT = false

[taxonomies]
tag = "tags"
county = "counties"

[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]

[markup.goldmark.extensions]
table = true
strikethrough = true
typographer = true
footnote = true
"#;

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}"></head>
<body><header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time> · 约{{ .ReadingTime }}分钟读完</p>
<p>记者 {{ .Params.reporter }}</p>
{{ range .Params.images }}<figure><img src="{{ . | relURL }}" alt="示意图"></figure>{{ end }}
{{ .Content }}
<p>责任编辑：{{ .Params.responsible_editor }}</p>
<dl><dt>县市区</dt><dd>{{ range .GetTerms "counties" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>标签</dt><dd>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd></dl>
</article>{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time><p>{{ .Summary }}</p></li>{{ end }}</ul>
<nav>{{ with .Paginator.Prev }}<a href="{{ .URL }}">上一页</a>{{ end }} 第{{ .Paginator.PageNumber }}/{{ .Paginator.TotalPages }}页 {{ with .Paginator.Next }}<a href="{{ .URL }}">下一页</a>{{ end }}</nav>
{{ end }}
"#;

const HUGO_TERMS: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>（{{ .Count }}）</li>{{ end }}</ul>
{{ end }}
"#;

const HUGO_HOME: &str = r#"{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ul>{{ range first 5 (where .Site.RegularPages "Section" "stories") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"#;

fn write_hugo(dir: &Path, stories: &[Story]) -> io::Result<()> {
    write(&dir.join("config.toml"), HUGO_CONFIG)?;
    write(&dir.join("layouts/_default/baseof.html"), HUGO_BASEOF)?;
    write(&dir.join("layouts/_default/single.html"), HUGO_SINGLE)?;
    write(&dir.join("layouts/_default/list.html"), HUGO_LIST)?;
    write(&dir.join("layouts/_default/terms.html"), HUGO_TERMS)?;
    write(&dir.join("layouts/index.html"), HUGO_HOME)?;
    write(&dir.join("static/images/figure.svg"), FIGURE)?;
    for (id, name, _) in COUNTIES {
        write(
            &dir.join(format!("content/counties/{id}/_index.md")),
            &format!("---\ntitle: {name}\n---\n"),
        )?;
    }
    write(
        &dir.join("content/stories/_index.md"),
        "---\ntitle: 报道\n---\n",
    )?;
    for s in stories {
        write(
            &dir.join(format!("content/stories/{}.md", s.slug)),
            &hugo_story(s),
        )?;
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(out), Some(Ok(n))) = (args.get(1), args.get(2).map(|n| n.parse::<usize>())) else {
        eprintln!("usage: gen_site OUT N [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20220930);
    if let Err(e) = generate(Path::new(out), n, seed) {
        eprintln!("gen_site: {e}");
        std::process::exit(1);
    }
}

fn generate(out: &Path, n: usize, seed: u64) -> io::Result<()> {
    if out.exists() {
        fs::remove_dir_all(out)?;
    }
    let mut rng = Rng(seed);
    let stories: Vec<Story> = (0..n)
        .map(|i| story(&mut rng, i, n, n / 5, n / 20, n / 20))
        .collect();
    let full = out.join("tongbao");
    write_common(&full, "合成通报站点")?;
    write_data(&full, &mut rng, n)?;
    let minimal = out.join("tongbao-stories");
    write_common(&minimal, "合成通报站点（仅报道）")?;
    for s in &stories {
        let file = format!("content/stories/{}.md", s.slug);
        write(&full.join(&file), &tongbao_story(s, true))?;
        write(&minimal.join(&file), &tongbao_story(s, false))?;
    }
    write_hugo(&out.join("hugo"), &stories)?;
    write(&out.join("N"), &format!("{n} {seed}\n"))
}
