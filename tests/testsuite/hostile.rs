//! Hostile input: script payloads in every text field, resource bombs, paths that try to leave the
//! site. Whatever comes in, the output stays well-formed, no payload runs in a real browser, and the
//! build ends with pages or a diagnostic within bounded time and memory.

use std::path::Path;

use crate::support::browser;
use crate::support::*;

/// The payloads: from the OWASP XSS filter-evasion cheat sheet, plus closers for every context we
/// write (script, CDATA, comments, attributes with each quote). Each one, if it ever ran, would
/// mark the page with `data-pwned="1"`.
const PAYLOADS: &[&str] = &[
    "<script>document.documentElement.setAttribute('data-pwned','1')</script>",
    "\"><script>document.documentElement.setAttribute('data-pwned','1')</script>",
    "'><img src=x onerror=\"document.documentElement.setAttribute('data-pwned','1')\">",
    "<svg/onload=document.documentElement.setAttribute('data-pwned','1')>",
    "<IMG SRC=\"javascript:document.documentElement.setAttribute('data-pwned','1')\">",
    "<body onload=document.documentElement.setAttribute('data-pwned','1')>",
    "</script><script>document.documentElement.setAttribute('data-pwned','1')</script>",
    "]]><script>document.documentElement.setAttribute('data-pwned','1')</script>",
    "--><script>document.documentElement.setAttribute('data-pwned','1')</script><!--",
    "<iframe srcdoc=\"<script>parent.document.documentElement.setAttribute('data-pwned','1')</script>\">",
    "`\"'><details open ontoggle=document.documentElement.setAttribute('data-pwned','1')>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "{{ site.title }}{% raw %}",
    "=cmd|' /C calc'!A0",
];

/// A YAML double-quoted scalar holding `text`.
fn q(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// A site whose every text field carries payload `i` (cycling through the list).
fn hostile_site(root: &Path) {
    let mut n = 0;
    let mut p = || {
        n += 1;
        q(&format!("{}{}", PAYLOADS[n % PAYLOADS.len()], n))
    };
    write(
        root,
        "data/site.yaml",
        &format!(
            "title: {}\ndescription: {}\nbase_url: https://example.gov.cn/x/\nas_of: 2022-09-30\npublisher: {}\n",
            p(),
            p(),
            p()
        ),
    );
    write(
        root,
        "data/counties.yaml",
        &format!(
            "- id: wucheng\n  name: {}\n  kind: county\n- id: decheng\n  name: {}\n  kind: district\n",
            p(),
            p()
        ),
    );
    write(
        root,
        "data/sources.yaml",
        &format!(
            "- id: article\n  title: {}\n  publisher: {}\n  date: 2022-09-20\n  url: {}\n",
            p(),
            p(),
            q("https://example.org/\"onmouseover=\"alert(1)")
        ),
    );
    write(
        root,
        "data/units.yaml",
        &format!(
            "- id: audit-bureau\n  name: {}\n  kind: city-department\n  summary: {}\n  source: article\n  honours:\n    - title: {}\n      year: 2022\n      batch: {}\n  ratings:\n    - year: 2022\n      colour: red\n- id: wucheng-gov\n  name: {}\n  kind: county-government\n  county: wucheng\n",
            p(),
            p(),
            p(),
            p(),
            p()
        ),
    );
    write(
        root,
        "data/posts/road-section.yaml",
        &format!(
            "id: road-section\nname: {}\nunit: wucheng-gov\nawarded: 2022-08-15\nbatch: {}\nlead:\n  name: {}\n  title: {}\nquote: {}\nzeros:\n  zero_error: {}\n  zero_delay: {}\n  zero_distance: {}\n  zero_froth: {}\n  zero_tolerance: {}\nsource: article\n",
            p(),
            p(),
            p(),
            p(),
            p(),
            p(),
            p(),
            p(),
            p(),
            p()
        ),
    );
    write(
        root,
        "data/projects.yaml",
        &format!(
            "- id: canal\n  name: {}\n  county: decheng\n  lead_unit: audit-bureau\n  category: {}\n  programme: battle-map\n  planned_investment: 34500\n  invested:\n    - date: 2022-06-30\n      amount: 4500\n  status: started\n  milestones:\n    - title: {}\n      due: 2022-06-30\n  source: article\n",
            p(),
            p(),
            p()
        ),
    );
    write(
        root,
        "data/metrics.yaml",
        &format!(
            "- id: one-visit\n  name: {}\n  unit_label: {}\n  direction: higher\n  summary: {}\n  target: {{ value: 90, deadline: 2022-12-31 }}\n  observations:\n    - {{ date: 2022-01-31, value: 62 }}\n    - {{ date: 2022-08-31, value: 84 }}\n  source: article\n",
            p(),
            p(),
            p()
        ),
    );
    write(
        root,
        "data/facts.yaml",
        &format!(
            "- id: f\n  label: {}\n  value: 1\n  unit_label: {}\n  date: 2022-09\n  headline: true\n  note: {}\n  source: article\n",
            p(),
            p(),
            p()
        ),
    );
    write(
        root,
        "data/actions.yaml",
        &format!(
            "- id: a\n  order: 1\n  name: {}\n  summary: {}\n  launched: 2022-08\n",
            p(),
            p()
        ),
    );
    write(
        root,
        "data/events.yaml",
        &format!(
            "- id: e\n  date: 2022-08\n  title: {}\n  summary: {}\n",
            p(),
            p()
        ),
    );
    let mut body = String::from("## 标题\n\n");
    for payload in PAYLOADS {
        body.push_str(&format!("{payload}\n\n[link](javascript:document.documentElement.setAttribute('data-pwned','1'))\n\n"));
    }
    write(
        root,
        "content/stories/audit-points.md",
        &format!(
            "---\ntitle: {}\ndate: 2022-09-21\nsummary: {}\nunits: [audit-bureau]\ncounties: [decheng]\nprojects: [canal]\nposts: [road-section]\ntags: [{}, {}]\nreporter: {}\ncorrespondents: [{}]\nfirst_review_editor: {}\nresponsible_editor: {}\nimages:\n  - src: images/board.svg\n    alt: {}\n    caption: {}\n---\n\n{body}",
            p(),
            p(),
            q("<svg onload=x>"),
            q("'\"` tag"),
            p(),
            p(),
            p(),
            p(),
            p(),
            p()
        ),
    );
}

#[test]
fn payloads_in_every_field_stay_inert_and_output_stays_well_formed() {
    let (_tmp, root) = site_from_fixture("minimal");
    hostile_site(&root);
    build(&root).or_diagnostics();
    let tree = read_tree(&root.join("public"));
    let mut html_pages = 0;
    for (file, bytes) in &tree {
        let text = String::from_utf8_lossy(bytes);
        if file.ends_with(".html") {
            html_pages += 1;
            // Our own script (the file:// link fix, and whatever the theme adds) never carries data.
            for (i, chunk) in text.split("<script").enumerate().skip(1) {
                let script = &chunk[..chunk.find("</script>").unwrap_or(chunk.len())];
                if let Some(json) = script.strip_prefix(" type=\"application/ld+json\">") {
                    // Structured data carries the story's fields by design; it must be JSON
                    // that can never close the element or open markup.
                    assert!(!json.contains('<'), "{file}: JSON-LD with a raw <");
                    serde_json::from_str::<serde_json::Value>(json)
                        .unwrap_or_else(|e| panic!("{file}: JSON-LD is not JSON: {e}"));
                    continue;
                }
                assert!(
                    !script.contains("data-pwned"),
                    "{file}: script #{i} carries a payload"
                );
            }
            for tag in live_tags(&text) {
                let lower = tag.to_ascii_lowercase();
                let names = outside_quotes(&lower);
                let handler = names
                    .split(|c: char| c.is_whitespace() || c == '/')
                    .any(|a| a.starts_with("on") && a.contains('='));
                assert!(!handler, "{file}: an event handler in a real tag: {tag}");
                for url_attr in ["href=\"", "src=\"", "action=\""] {
                    for (i, _) in lower.match_indices(url_attr) {
                        let value = lower[i + url_attr.len()..].trim_start();
                        assert!(
                            !value.starts_with("javascript:"),
                            "{file}: a javascript: URL in a real tag: {tag}"
                        );
                    }
                }
            }
        } else if file.ends_with(".xml") || file.ends_with(".svg") {
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{file} is not well-formed XML: {e}"));
        } else if file.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{file} is not valid JSON: {e}"));
        }
    }
    assert!(html_pages >= 15, "{html_pages} pages");
    if let Some(chromium) =
        browser::required("the browser part of the payload test", browser::chromium())
    {
        let mut checked = 0;
        for file in tree.keys().filter(|f| f.ends_with(".html")) {
            let out = browser::dump_dom(&chromium, &root.join("public").join(file), 1280);
            let dom = String::from_utf8_lossy(&out.stdout);
            assert!(
                dom.contains("</html>"),
                "{file}: the browser did not render the page"
            );
            assert!(
                !dom.contains("data-pwned=\"1\""),
                "{file}: a payload ran in the browser"
            );
            checked += 1;
        }
        eprintln!("{checked} pages opened in Chromium; no payload ran");
    }
}

/// The real tags of a page (`<name …>`): escaped text never holds a raw `<`, so whatever is
/// found here is markup the browser will act on.
fn live_tags(html: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = rest.find('>').unwrap_or(rest.len());
            tags.push(&rest[..end]);
        }
    }
    tags
}

/// A tag with its quoted attribute values removed, leaving names and the `=` signs.
fn outside_quotes(tag: &str) -> String {
    let mut out = String::new();
    let mut quote = None;
    for c in tag.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Runs a build that must end in a diagnostic naming `expect`, not a crash, and write nothing.
/// (How fast it gives up is the benchmark's business, not a test's: a wall-clock limit here failed
/// on a loaded machine.)
fn failing_build(root: &Path, expect: &str) {
    let failure = build(root).expect_err("the build should fail");
    let text = failure.render();
    assert!(text.contains(expect), "expected `{expect}` in:\n{text}");
    assert!(!root.join("public").exists());
}

#[test]
fn an_alias_bomb_ends_in_a_diagnostic() {
    let (_tmp, root) = site_from_fixture("minimal");
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = "a".to_string();
    for i in 0..9 {
        let name = format!("l{i}");
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
        prev = name;
    }
    write(&root, "data/units.yaml", &bomb);
    failing_build(&root, "data/units.yaml");
}

#[test]
fn deep_nesting_ends_in_a_diagnostic() {
    let (_tmp, root) = site_from_fixture("minimal");
    write(
        &root,
        "data/units.yaml",
        &format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
    );
    failing_build(&root, "data/units.yaml");
    let deep_markdown = format!(
        "---\ntitle: 深\ndate: 2022-09-01\n---\n{}深",
        "> ".repeat(50_000)
    );
    write(
        &root,
        "data/units.yaml",
        &std::fs::read_to_string(fixture("minimal").join("data/units.yaml")).unwrap(),
    );
    write(&root, "content/stories/deep.md", &deep_markdown);
    build(&root).or_diagnostics();
}

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let (_tmp, root) = site_from_fixture("minimal");
    let file = std::fs::File::create(root.join("data/events.yaml")).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap(); // sparse: 100 MB without writing them
    failing_build(&root, "the file is 100 MiB; at most 32 MiB are read");
}

#[test]
fn a_list_of_850_000_records_ends_in_a_diagnostic() {
    let (_tmp, root) = site_from_fixture("minimal");
    write(
        &root,
        "data/events.yaml",
        &"- {id: e, date: 2022-08, title: t}
"
        .repeat(850_000),
    );
    failing_build(&root, "data/events.yaml");
}

#[cfg(unix)]
#[test]
fn symlinks_leading_outside_the_site_are_not_followed() {
    let (tmp, root) = site_from_fixture("minimal");
    let secret = tmp.path().join("secret.md");
    std::fs::write(
        &secret,
        "---\ntitle: 机密\ndate: 2022-09-01\n---\n机密内容\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&secret, root.join("content/stories/leak.md")).unwrap();
    std::os::unix::fs::symlink(tmp.path(), root.join("static/outside")).unwrap();
    let text = build(&root).unwrap_err().render();
    assert!(text.contains("content/stories/leak.md"), "{text}");
    assert!(
        text.contains("a symbolic link leads outside the site folder"),
        "{text}"
    );
    assert!(text.contains("static/outside"), "{text}");
    // A link that stays inside the site is fine.
    std::fs::remove_file(root.join("content/stories/leak.md")).unwrap();
    std::fs::remove_file(root.join("static/outside")).unwrap();
    std::os::unix::fs::symlink(
        root.join("static/images/board.svg"),
        root.join("static/images/board-link.svg"),
    )
    .unwrap();
    build(&root).or_diagnostics();
    assert!(root.join("public/images/board-link.svg").is_file());
}

#[test]
fn nothing_is_written_outside_the_output_folder() {
    let (tmp, root) = site_from_fixture("minimal");
    let before: Vec<_> = walkdir::WalkDir::new(tmp.path())
        .into_iter()
        .map(|e| e.unwrap().path().to_path_buf())
        .collect();
    build(&root).unwrap();
    let after: Vec<_> = walkdir::WalkDir::new(tmp.path())
        .into_iter()
        .map(|e| e.unwrap().path().to_path_buf())
        .filter(|p| !p.starts_with(root.join("public")))
        .collect();
    assert_eq!(before, after, "files appeared outside public/");
    // An output folder that holds someone's files is refused, and left alone.
    let documents = tmp.path().join("documents");
    std::fs::create_dir_all(&documents).unwrap();
    std::fs::write(documents.join("report.docx"), "precious").unwrap();
    let text = build_into(&root, &documents).unwrap_err().render();
    assert!(text.contains("did not write"), "{text}");
    assert_eq!(
        std::fs::read_to_string(documents.join("report.docx")).unwrap(),
        "precious"
    );
    assert!(
        build_into(&root, &root)
            .unwrap_err()
            .render()
            .contains("holds the site itself")
    );
    assert!(root.join("data/site.yaml").is_file());
}
