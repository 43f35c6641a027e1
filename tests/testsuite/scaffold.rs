//! `tongbao init` and `tongbao new`: what they write builds as it is, nothing is overwritten, and
//! bad ids are refused.

use std::path::Path;

use tongbao::scaffold::{Created, Kind, init, new_item};
use tongbao::validate::ValidateOptions;
use tongbao::{BuildOptions, build, render_site};

use crate::support::{Built, SCAFFOLD_AS_OF, page, scaffolded_site, tongbao};

fn options(root: &Path, drafts: bool) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output: None,
        validate: ValidateOptions {
            drafts,
            ..ValidateOptions::default()
        },
        pdf: None,
    }
}

#[test]
fn init_makes_a_site_that_builds_with_a_page_for_each_kind() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let files = init(&root, SCAFFOLD_AS_OF).unwrap();
    assert!(
        files
            .iter()
            .any(|f| f == Path::new("content/stories/welcome.md"))
    );
    let report = build(&options(&root, false)).or_diagnostics();
    for page in [
        "index.html",
        "stories/welcome/index.html",
        "units/example-unit/index.html",
        "posts/example-post/index.html",
        "projects/example-project/index.html",
        "metrics/example-metric/index.html",
    ] {
        assert!(report.output.join(page).is_file(), "{page}");
    }
    assert!(
        init(&root, SCAFFOLD_AS_OF)
            .unwrap_err()
            .contains("not empty")
    );
}

#[test]
fn every_kind_of_new_file_builds_and_is_never_overwritten() {
    let (_tmp, root) = scaffolded_site();
    for (kind, id, file) in [
        (Kind::Story, "new-story", "content/stories/new-story.md"),
        (Kind::Unit, "new-unit", "data/units/new-unit.yaml"),
        (Kind::Post, "new-post", "data/posts/new-post.yaml"),
        (
            Kind::Project,
            "new-project",
            "data/projects/new-project.yaml",
        ),
        (Kind::Metric, "new-metric", "data/metrics/new-metric.yaml"),
    ] {
        assert_eq!(
            new_item(&root, kind, id).unwrap(),
            Created::File(file.into())
        );
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(text.contains("# "), "{file} explains its fields");
        std::fs::write(root.join(file), "edited").unwrap();
        assert!(
            new_item(&root, kind, id)
                .unwrap_err()
                .contains("already exists")
        );
        assert_eq!(std::fs::read_to_string(root.join(file)).unwrap(), "edited");
        std::fs::write(root.join(file), text).unwrap();
    }
    let site = render_site(&options(&root, true)).or_diagnostics();
    assert!(
        site.outputs
            .iter()
            .any(|o| o.path == "stories/new-story/index.html")
    );
    assert!(
        site.outputs
            .iter()
            .any(|o| o.path == "metrics/new-metric/index.html")
    );
    // A new story is a draft until the editor publishes it.
    let site = render_site(&options(&root, false)).unwrap();
    assert!(
        !site
            .outputs
            .iter()
            .any(|o| o.path == "stories/new-story/index.html")
    );
}

#[test]
fn bad_ids_are_refused_and_nothing_is_written() {
    let (_tmp, root) = scaffolded_site();
    for bad in ["Audit", "审计局", "../x", "", "con", "a b"] {
        assert!(new_item(&root, Kind::Unit, bad).is_err(), "{bad:?}");
    }
    assert_eq!(
        std::fs::read_dir(root.join("data/units")).unwrap().count(),
        1
    );
}

#[test]
fn a_collection_kept_in_one_list_gets_a_snippet_that_builds_when_pasted() {
    let (_tmp, root) = scaffolded_site();
    // Turn the units folder into one list file.
    let unit = std::fs::read_to_string(root.join("data/units/example-unit.yaml")).unwrap();
    std::fs::remove_dir_all(root.join("data/units")).unwrap();
    let list: String = unit
        .lines()
        .map(|l| {
            if l.starts_with("id:") {
                format!("- {l}\n")
            } else {
                format!("  {l}\n")
            }
        })
        .collect();
    std::fs::write(root.join("data/units.yaml"), &list).unwrap();
    assert!(render_site(&options(&root, false)).is_ok());

    let Created::Snippet { list_file, snippet } =
        new_item(&root, Kind::Unit, "second-unit").unwrap()
    else {
        panic!("expected a snippet");
    };
    assert_eq!(list_file, Path::new("data/units.yaml"));
    assert!(!root.join("data/units").exists(), "nothing was written");
    assert!(
        new_item(&root, Kind::Unit, "example-unit")
            .unwrap_err()
            .contains("already has")
    );
    std::fs::write(root.join("data/units.yaml"), format!("{list}{snippet}")).unwrap();
    let site = render_site(&options(&root, false)).or_diagnostics();
    assert!(
        site.outputs
            .iter()
            .any(|o| o.path == "units/second-unit/index.html")
    );
}

#[test]
fn the_command_line_creates_a_site_and_completions() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tongbao()
        .arg("init")
        .arg(tmp.path().join("s"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = tongbao()
        .args(["new", "story", "Bad Id", "--root"])
        .arg(tmp.path().join("s"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("lowercase"));
    let out = tongbao().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("serve"));
}

#[test]
fn init_gives_an_office_a_site_to_start_from() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("s");
    let out = tongbao()
        .args(["init", "--as-of", "2024-03-31"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read =
        |f: &str| std::fs::read_to_string(root.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    assert!(read(".gitignore").lines().any(|l| l == "public/"));
    let site = read("data/site.yaml");
    assert!(site.contains("as_of: 2024-03-31"), "{site}");
    for key in [
        "sponsor:",
        "undertaker:",
        "phone:",
        "email:",
        "icp:",
        "police_record:",
        "site_code:",
        "feedback_url:",
        "example: true",
    ] {
        assert!(site.contains(key), "identity field {key} missing:\n{site}");
    }
    let workflow = read(".github/workflows/publish.yml");
    assert!(
        workflow.contains("tongbao check --format github") && workflow.contains("rsync"),
        "{workflow}"
    );
    let deploy = read("DEPLOY.md");
    assert!(
        deploy.contains("rsync") && deploy.contains("scp") && deploy.contains("ossutil"),
        "{deploy}"
    );
    // It builds as written, with its 关于本站 page in the footer and the identity marked as an
    // example until the office fills it in.
    build(&options(&root, false)).or_diagnostics();
    let about = page(&root, "about/index.html");
    assert!(about.contains("<h1>关于本站</h1>"), "{about}");
    let home = page(&root, "index.html");
    assert!(home.contains(r#"<a href="about/">关于本站</a>"#), "{home}");
    assert!(home.contains("为示例，并非真实信息"), "{home}");
    assert!(home.contains("数据截至2024年3月31日"), "{home}");
}

#[test]
fn init_without_a_date_writes_today() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("s");
    assert!(
        tongbao()
            .arg("init")
            .arg(&root)
            .output()
            .unwrap()
            .status
            .success()
    );
    let site = std::fs::read_to_string(root.join("data/site.yaml")).unwrap();
    let as_of = site
        .lines()
        .find_map(|l| l.strip_prefix("as_of: "))
        .unwrap();
    let date = tongbao::util::date::Date::parse(as_of, false).unwrap();
    // The scaffold reads the clock (UTC+8); the test allows for a day either side.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        / 86_400;
    assert!((date.days_since_epoch() - now).abs() <= 1, "{as_of}");
}
