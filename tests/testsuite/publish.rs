//! Safe publishing: the output is only ever a folder tongbao made, or absent; builds on one output
//! run one after the other; nothing is lost, mixed or leaked whatever a careless CI setup names as
//! the output or runs at the same time.

#![cfg(unix)]

use std::path::Path;
use std::process::{Output, Stdio};

use crate::support::*;

fn build_cli(root: &Path, output: &Path) -> Output {
    tongbao()
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Names in a folder that a build may leave behind: lock files and staging folders.
fn beside(folder: &Path) -> Vec<String> {
    staging_leftovers(folder)
}

#[test]
fn a_file_named_as_the_output_is_refused_and_kept() {
    let (tmp, root) = site_from_fixture("minimal");
    let report = tmp.path().join("report.docx");
    std::fs::write(&report, "precious").unwrap();
    let out = build_cli(&root, &report);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is a file, not a folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "precious");
    assert!(beside(tmp.path()).is_empty(), "{:?}", beside(tmp.path()));
}

#[test]
fn a_folder_of_someone_else_s_files_is_refused_and_kept() {
    let (tmp, root) = site_from_fixture("minimal");
    let documents = tmp.path().join("documents");
    write(&documents, "notes.txt", "mine");
    let out = build_cli(&root, &documents);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("did not write"), "{}", stderr(&out));
    assert_eq!(read_tree(&documents).len(), 1);
    assert!(beside(tmp.path()).is_empty());
}

#[test]
fn a_folder_that_cannot_be_listed_is_not_taken_for_empty() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, root) = site_from_fixture("minimal");
    let out_dir = tmp.path().join("site-out");
    write(&out_dir, "keep.txt", "mine");
    std::fs::set_permissions(&out_dir, std::fs::Permissions::from_mode(0o300)).unwrap();
    if std::fs::read_dir(&out_dir).is_ok() {
        // Running as root: the folder can be listed anyway (it holds someone else's file, refused
        // as such; the unlisted case is write::tests::a_folder_that_cannot_be_listed_is_never_taken_for_empty).
        std::fs::set_permissions(&out_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        say_skipped("an unreadable output folder: running with privileges that list any folder");
        return;
    }
    let out = build_cli(&root, &out_dir);
    std::fs::set_permissions(&out_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot read the output folder"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("left as it was"));
    assert_eq!(read(&out_dir, "keep.txt"), "mine");
}

#[test]
fn an_output_that_is_a_link_publishes_into_its_target_and_stays_a_link() {
    let (tmp, root) = site_from_fixture("minimal");
    let web_root = tmp.path().join("var/www");
    std::fs::create_dir_all(&web_root).unwrap();
    let link = root.join("public");
    // A link to a folder not made yet, then to the site it holds.
    std::os::unix::fs::symlink(web_root.join("site"), &link).unwrap();
    for round in ["first", "second"] {
        build(&root).or_diagnostics();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink(),
            "{round} build: public/ is no longer a link"
        );
        assert_eq!(std::fs::read_link(&link).unwrap(), web_root.join("site"));
        assert!(web_root.join("site/index.html").is_file(), "{round} build");
        assert!(web_root.join("site").join(tongbao::write::MARKER).is_file());
        assert!(beside(&web_root).is_empty(), "{:?}", beside(&web_root));
        assert!(beside(&root).is_empty(), "{:?}", beside(&root));
    }
}

#[test]
fn a_relative_link_as_the_output_is_followed_from_its_own_folder() {
    let (tmp, root) = site_from_fixture("minimal");
    std::fs::create_dir_all(tmp.path().join("www")).unwrap();
    std::os::unix::fs::symlink("../www/site", root.join("public")).unwrap();
    build(&root).or_diagnostics();
    assert!(tmp.path().join("www/site/index.html").is_file());
    assert!(
        std::fs::symlink_metadata(root.join("public"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Two CI jobs (or `build` beside an editor's `build`) on one output, 20 times, one of each pair
/// killed at a moment spread over the run in most trials: the published folder is always exactly
/// one complete build, never a mix and never a half, and the next build leaves nothing behind.
#[test]
fn concurrent_builds_on_one_output_publish_exactly_one_complete_build() {
    let (tmp, root) = site_from_fixture("minimal");
    let bases = ["https://a.example.gov.cn/", "https://b.example.gov.cn/"];
    let run = |base: &str, output: &Path| {
        let mut command = tongbao();
        command
            .args(["build", "--quiet", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(output)
            .args(["--base-url", base])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    };
    // Each build alone, for reference (the base URL is in every page, so the two differ).
    let started = std::time::Instant::now();
    let expected: Vec<_> = bases
        .iter()
        .enumerate()
        .map(|(i, base)| {
            let reference = tmp.path().join(format!("reference-{i}"));
            assert!(run(base, &reference).status().unwrap().success());
            read_tree(&reference)
        })
        .collect();
    let alone = started.elapsed() / 2;
    assert_ne!(expected[0], expected[1]);
    let shared = tmp.path().join("www/site");
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        seed >> 33
    };
    for trial in 0..20 {
        let mut a = run(bases[0], &shared).spawn().unwrap();
        let mut b = run(bases[1], &shared).spawn().unwrap();
        let kill = next() % 3; // 0: none, 1: the first, 2: the second
        let fraction = (next() % 1000) as f64 / 1000.0;
        if kill != 0 {
            std::thread::sleep(alone.mul_f64(fraction * 2.0));
            let victim = if kill == 1 { &mut a } else { &mut b };
            let _ = victim.kill();
        }
        let (sa, sb) = (a.wait().unwrap(), b.wait().unwrap());
        let published = read_tree(&shared);
        assert!(
            published == expected[0] || published == expected[1],
            "trial {trial} (kill {kill} at {fraction}): the published folder is not one complete build ({} files; exits {sa:?} {sb:?})",
            published.len()
        );
        if kill == 0 {
            assert!(sa.success() && sb.success(), "trial {trial}: {sa:?} {sb:?}");
        }
    }
    assert!(run(bases[0], &shared).status().unwrap().success());
    assert_eq!(read_tree(&shared), expected[0]);
    let www = tmp.path().join("www");
    assert!(beside(&www).is_empty(), "{:?}", beside(&www));
}

/// A site whose `name` (a folder or file at any depth) is replaced by a symbolic link to `target`.
fn link(root: &Path, name: &str, target: &Path) {
    let at = root.join(name);
    if at.is_dir() {
        std::fs::remove_dir_all(&at).unwrap();
    } else if at.exists() {
        std::fs::remove_file(&at).unwrap();
    }
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

#[test]
fn a_content_folder_linked_outside_the_site_is_refused_naming_the_link() {
    let (tmp, root) = site_from_fixture("minimal");
    let elsewhere = tmp.path().join("elsewhere");
    copy_dir(&root.join("content"), &elsewhere);
    link(&root, "content", &elsewhere);
    let failure = build(&root).unwrap_err().render();
    assert!(failure.contains("--> content\n"), "{failure}");
    assert!(failure.contains("outside the site folder"), "{failure}");
    assert!(!root.join("public").exists());
}

#[test]
fn a_data_file_linked_to_credentials_outside_is_refused_without_echoing_them() {
    let (tmp, root) = site_from_fixture("minimal");
    let secrets = tmp.path().join("credentials.yaml");
    std::fs::write(&secrets, "- password: hunter2-secret\n").unwrap();
    link(&root, "data/counties.yaml", &secrets);
    let failure = build(&root).unwrap_err().render();
    assert!(failure.contains("data/counties.yaml"), "{failure}");
    assert!(failure.contains("outside the site folder"), "{failure}");
    assert!(!failure.contains("hunter2"), "{failure}");
    // The whole data folder as a link outside: refused too, naming `data`.
    let (tmp, root) = site_from_fixture("minimal");
    let elsewhere = tmp.path().join("data-elsewhere");
    copy_dir(&root.join("data"), &elsewhere);
    link(&root, "data", &elsewhere);
    let failure = build(&root).unwrap_err().render();
    assert!(failure.contains("--> data\n"), "{failure}");
    assert!(!failure.contains("is missing"), "{failure}");
}

#[test]
fn a_static_file_linked_into_the_git_folder_is_neither_read_nor_published() {
    let (_tmp, root) = site_from_fixture("minimal");
    write(
        &root,
        ".git/config",
        "[remote]\n\turl = https://token:ghp_secret@example.com/\n",
    );
    link(&root, "static/config.txt", Path::new("../.git/config"));
    let failure = build(&root).unwrap_err().render();
    assert!(failure.contains("static/config.txt"), "{failure}");
    assert!(failure.contains("hidden `.git`"), "{failure}");
    assert!(!failure.contains("ghp_secret"), "{failure}");
    // A whole theme folder linked into a hidden one is refused the same way.
    let (_tmp, root) = site_from_fixture("minimal");
    write(&root, ".env/templates/404.html", "SECRET");
    link(&root, "themes/default", Path::new("../.env"));
    let failure = build(&root).unwrap_err().render();
    assert!(failure.contains("themes/default"), "{failure}");
    assert!(!failure.contains("SECRET"), "{failure}");
}

#[test]
fn static_well_known_is_published_and_other_hidden_files_are_not() {
    let (_tmp, root) = site_from_fixture("minimal");
    write(
        &root,
        "static/.well-known/security.txt",
        "Contact: mailto:a@example.gov.cn\n",
    );
    write(&root, "static/.env", "SECRET=1\n");
    write(&root, "static/.well-known/.hidden", "no\n");
    build(&root).or_diagnostics();
    let public = root.join("public");
    assert!(public.join(".well-known/security.txt").is_file());
    assert!(!public.join(".env").exists());
    assert!(!public.join(".well-known/.hidden").exists());
}

/// `build` and `check` on the site at `root`: both must fail, and each prints what the test gets.
fn build_and_check_fail(root: &Path) -> String {
    let failure = build(root).unwrap_err().render();
    let check = tongbao()
        .args(["check", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(
        !check.status.success(),
        "check passed where build failed:\n{failure}"
    );
    let checked = String::from_utf8_lossy(&check.stdout).into_owned() + &stderr(&check);
    format!("{failure}\n--- check ---\n{checked}")
}

#[test]
fn a_story_with_a_reserved_slug_fails_naming_the_story_and_the_tag_list() {
    let (_tmp, root) = site_from_fixture("minimal");
    let story = std::fs::read_to_string(root.join("content/stories/road.md")).unwrap();
    write(&root, "content/stories/tags.md", &story);
    let both = build_and_check_fail(&root);
    assert_eq!(both.matches("content/stories/tags.md").count(), 2, "{both}");
    assert_eq!(both.matches("the list of tags").count(), 2, "{both}");
}

#[test]
fn a_tag_named_index_html_fails_naming_the_story() {
    let (_tmp, root) = site_from_fixture("minimal");
    let file = root.join("content/stories/audit-points.md");
    let story = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        story.replace("tags: [积分制考核]", "tags: [积分制考核, index.html]"),
    )
    .unwrap();
    let both = build_and_check_fail(&root);
    assert_eq!(
        both.matches("content/stories/audit-points.md:7:").count(),
        2,
        "{both}"
    );
    assert!(both.contains("the tag `index.html` is reserved"), "{both}");
}

#[test]
fn static_files_that_would_replace_generated_ones_fail_naming_both() {
    for (file, generated) in [
        ("static/index.html", "the generated home page index.html"),
        ("static/feed.xml", "the generated Atom feed feed.xml"),
        (
            "static/units",
            "where the folder units/ of generated files must go",
        ),
        (
            "static/404.html/x.txt",
            "needs a folder 404.html/, where tongbao writes the generated page 404.html",
        ),
    ] {
        let (_tmp, root) = site_from_fixture("minimal");
        build(&root).or_diagnostics();
        let before = read_tree(&root.join("public"));
        write(&root, file, "mine");
        let both = build_and_check_fail(&root);
        assert_eq!(both.matches(&format!("--> {file}")).count(), 2, "{both}");
        assert_eq!(both.matches(generated).count(), 2, "{both}");
        assert!(!both.contains("os error"), "{both}");
        assert_eq!(before, read_tree(&root.join("public")), "{file}");
    }
}

#[test]
fn new_refuses_a_reserved_story_slug() {
    let (_tmp, root) = scaffolded_site();
    for slug in ["tags", "page"] {
        let out = tongbao()
            .args(["new", "story", slug, "--root"])
            .arg(&root)
            .output()
            .unwrap();
        assert!(!out.status.success());
        assert!(stderr(&out).contains("is reserved"), "{}", stderr(&out));
        assert!(!root.join(format!("content/stories/{slug}.md")).exists());
    }
}

#[test]
fn a_static_svg_or_html_that_would_run_a_script_is_refused_with_its_line_unless_allowed() {
    for (file, text, at) in [
        (
            "static/images/chart.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect onload=\"alert(1)\"/>\n</svg>\n",
            "static/images/chart.svg:2:9",
        ),
        (
            "static/about.html",
            "<!doctype html>\n<p>说明</p><script>alert(1)</script>\n",
            "static/about.html:2:10",
        ),
        (
            "static/images/link.svg",
            "<svg>\n<a href=\"&#106;avascript:alert(1)\"><text>x</text></a><foreignObject/></svg>",
            "static/images/link.svg:2:9",
        ),
    ] {
        let (_tmp, root) = site_from_fixture("minimal");
        write(&root, file, text);
        let both = build_and_check_fail(&root);
        assert_eq!(both.matches(at).count(), 2, "{both}");
        assert!(both.contains("would run on the site's own pages"), "{both}");
        assert!(!root.join("public").exists());
        // A site that trusts its static files says so, and the file is copied as it is.
        let settings = std::fs::read_to_string(root.join("data/site.yaml")).unwrap();
        write(
            &root,
            "data/site.yaml",
            &format!("{settings}\nallow_raw_html: true\n"),
        );
        build(&root).or_diagnostics();
        let copied = root
            .join("public")
            .join(file.strip_prefix("static/").unwrap());
        assert_eq!(std::fs::read_to_string(copied).unwrap(), text);
    }
}

#[test]
fn control_characters_from_user_files_are_shown_escaped_in_every_format() {
    let (_tmp, root) = site_from_fixture("minimal");
    let file = root.join("data/posts/road-section.yaml");
    let post = std::fs::read_to_string(&file).unwrap();
    // A YAML escape puts ESC and BEL into the value; a raw ESC sits in the line quoted.
    let post = post.replace(
        "unit: wucheng-gov",
        "unit: \"x\\e]0;pwned\\a\\rbuilt 1 pages\"",
    );
    std::fs::write(&file, post).unwrap();
    for format in ["human", "json", "github"] {
        let out = tongbao()
            .args(["check", "--format", format, "--root"])
            .arg(&root)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
        let text = String::from_utf8_lossy(&all);
        assert!(
            !all.iter().any(|b| *b == 0x1b || *b == 0x07 || *b == b'\r'),
            "{format}: raw control characters in {text:?}"
        );
        // JSON escapes the escape's backslash once more.
        let shown = text.replace("\\\\", "\\");
        assert!(shown.contains("\\u{1b}]0;pwned\\u{7}"), "{format}: {text}");
    }
    // A raw ESC in the file: the quoted line shows it escaped, the caret under the escape.
    let post = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, post.replace("pages\"", "pages\" # \u{1b}[2J")).unwrap();
    let human = build(&root).unwrap_err().render();
    assert!(!human.contains('\u{1b}'), "{human:?}");
    assert!(human.contains("# \\u{1b}[2J\n"), "{human}");
}

/// Replaces `from` by `to` in a file of the site (which must hold it).
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(root.join(file), text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_bad_base_url_on_the_command_line_is_blamed_on_the_command_line() {
    let (tmp, root) = site_from_fixture("minimal");
    let out = tongbao()
        .args(["build", "--base-url", "ftp://example.gov.cn/", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = stderr(&out);
    assert!(
        text.contains("--base-url `ftp://example.gov.cn/` is not an absolute http(s) URL"),
        "{text}"
    );
    assert!(text.contains("--> command line"), "{text}");
    assert!(!text.contains("site.yaml"), "{text}");
}

#[test]
fn a_base_url_with_a_password_or_fragment_is_refused() {
    for (url, why) in [
        (
            "https://editor:s3cret@example.gov.cn/test/",
            "user name or password",
        ),
        ("https://example.gov.cn/test/#top", "#fragment"),
    ] {
        let (_tmp, root) = site_from_fixture("minimal");
        edit(&root, "data/site.yaml", "https://example.gov.cn/test/", url);
        let failure = build(&root).unwrap_err().render();
        assert!(failure.contains("--> data/site.yaml:3:11"), "{failure}");
        assert!(failure.contains(why), "{failure}");
    }
}

#[test]
fn unclear_yaml_and_data_errors_name_the_real_problem() {
    /// (file, text, replaced by, what the error says, what it never says)
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
    );
    let cases: [Case; 6] = [
        (
            "data/counties.yaml",
            "  name: 武城县\n",
            "  name: 武城县\n  name: 又一个\n",
            &[
                "the key `name` is written twice in one record",
                "keep only one",
            ],
            &["DuplicateKeyPolicy"],
        ),
        (
            "data/projects.yaml",
            "planned_investment: 34500",
            "planned_investment: 1e400",
            &[
                "`1e400` is not a number tongbao can read here",
                "beyond what can be stored",
            ],
            &["invalid floating point"],
        ),
        (
            "data/projects.yaml",
            "planned_investment: 34500",
            "planned_investment: 0x10",
            &["`0x10` is not a number", "decimal digits"],
            &["invalid floating point"],
        ),
        (
            "data/projects.yaml",
            "planned_investment: 34500",
            "planned_investment: 1_000",
            &["`1_000` is not a number", "without separators"],
            &["invalid floating point"],
        ),
        (
            "data/projects.yaml",
            "planned_investment: 34500",
            "planned_investment: -500",
            &["planned_investment is -500, but money cannot be negative"],
            &["far above"],
        ),
        (
            "data/counties.yaml",
            "- id: decheng",
            "- id: DeCheng",
            &["unknown county `decheng`"],
            &["did you mean `DeCheng`"],
        ),
    ];
    for (file, from, to, says, never) in cases {
        let (_tmp, root) = site_from_fixture("minimal");
        edit(&root, file, from, to);
        if to.contains("-500") {
            edit(&root, file, "amount: 4500", "amount: -500");
        }
        let failure = build(&root).unwrap_err().render();
        for s in says {
            assert!(failure.contains(s), "{to}: {failure}");
        }
        for n in never {
            assert!(!failure.contains(n), "{to}: {failure}");
        }
    }
}

/// A running `tongbao serve` on a free port of `bind`: (process, port, what it printed on stderr
/// before the address line), stopped when the guard drops.
struct Preview {
    child: std::process::Child,
    port: u16,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn preview(root: &Path, bind: &str) -> (Preview, std::process::ChildStderr) {
    use std::io::BufRead;
    let mut child = tongbao()
        .args(["serve", "--port", "0", "--bind", bind, "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .and_then(|rest| rest.split('/').next())
        .and_then(|addr| addr.rsplit(':').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let stderr = child.stderr.take().unwrap();
    (Preview { child, port }, stderr)
}

/// The status of a GET of `/` with this `Host` header.
fn status_for_host(port: u16, host: &str) -> u16 {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    write!(stream, "GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn serve_answers_only_requests_for_itself_not_another_site_s_name() {
    let (_tmp, root) = site_from_fixture("minimal");
    let (server, _stderr) = preview(&root, "127.0.0.1");
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_ne!(status_for_host(port, &host), 421, "{host}");
    }
    for host in [
        format!("evil.example.com:{port}"),
        "attacker.example".to_string(),
    ] {
        assert_eq!(status_for_host(port, &host), 421, "{host}");
    }
}

#[test]
fn serve_on_every_interface_warns_that_the_network_can_read_it() {
    use std::io::Read;
    let (_tmp, root) = site_from_fixture("minimal");
    let (server, mut stderr) = preview(&root, "0.0.0.0");
    // Reached at the address the connection came in on: answered.
    assert_ne!(
        status_for_host(server.port, &format!("127.0.0.1:{}", server.port)),
        421
    );
    drop(server);
    let mut said = String::new();
    let _ = stderr.read_to_string(&mut said);
    assert!(said.contains("warning: serving on 0.0.0.0"), "{said}");
    let (server, mut stderr) = preview(&root, "127.0.0.1");
    drop(server);
    let mut said = String::new();
    let _ = stderr.read_to_string(&mut said);
    assert!(!said.contains("warning"), "{said}");
}
