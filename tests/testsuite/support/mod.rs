//! The one set of helpers every test module uses: fixture sites copied into temp folders, builds,
//! the example site built once per run, reading back what was written, and the `tongbao` binary.
//! The link oracle is in [`links`], browser detection in [`browser`], the 30-metric,
//! 100-project site in [`large_site`].
//!
//! Not for what a test checks: apart from the link oracle, a helper only prepares, builds or reads,
//! so that each test states its own assertions.

pub mod browser;
pub mod large_site;
pub mod links;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use tongbao::validate::ValidateOptions;
use tongbao::{BuildFailure, BuildOptions, BuildReport};

/// The repository: the example site (`data/`, `content/`, `static/`, `themes/`) lives at its root.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A folder of `tests/fixtures/` (a fixture site, or `invalid/`), in place; for tests that only
/// read it. Tests that change files use [`site_from_fixture`].
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// Copies a fixture site into a fresh temp folder kept in git (one commit, as an office keeps its
/// site) and returns (guard, site root).
pub fn site_from_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    copy_dir(&fixture(name), &root);
    keep_in_git(dir.path());
    (dir, root)
}

/// Makes `dir` a git repository holding everything in it in one commit (a site with one
/// publication, so its build has a history to read and no warning that it has none).
pub fn keep_in_git(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"]);
    commit_all(dir, "the site", "2022-10-01T10:00:00+08:00");
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The reporting date of the sites tests make with `init` (the command line's default is today).
pub const SCAFFOLD_AS_OF: tongbao::util::date::Date = tongbao::util::date::Date {
    year: 2022,
    month: 9,
    day: Some(30),
};

/// A fresh site from `tongbao init`, at `<tmp>/site`, kept in git; returns (guard, site root).
pub fn scaffolded_site() -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = scaffolded_site_outside_git();
    keep_in_git(tmp.path());
    (tmp, root)
}

/// A fresh site from `tongbao init`, at `<tmp>/site`, in no repository.
pub fn scaffolded_site_outside_git() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    tongbao::scaffold::init(&root, SCAFFOLD_AS_OF).unwrap();
    (tmp, root)
}

/// Writes a file in the site, creating folders.
pub fn write(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Builds the site at `root` into `<root>/public`.
pub fn build(root: &Path) -> Result<BuildReport, BuildFailure> {
    build_with(root, ValidateOptions::default())
}

/// Builds with options.
pub fn build_with(root: &Path, validate: ValidateOptions) -> Result<BuildReport, BuildFailure> {
    tongbao::build(&BuildOptions {
        root: root.to_path_buf(),
        output: None,
        validate,
        pdf: None,
    })
}

/// Builds the site at `root` into `output`.
pub fn build_into(root: &Path, output: &Path) -> Result<BuildReport, BuildFailure> {
    tongbao::build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        validate: ValidateOptions::default(),
        pdf: None,
    })
}

/// A build that must succeed: its value, or a panic that shows the rendered diagnostics.
pub trait Built<T> {
    fn or_diagnostics(self) -> T;
}

impl<T> Built<T> for Result<T, BuildFailure> {
    fn or_diagnostics(self) -> T {
        self.unwrap_or_else(|f| panic!("{}", f.render()))
    }
}

/// Where the tests publish the example site: under a sub-path, as a county site would be.
pub const EXAMPLE_BASE: &str = "https://example.gov.cn/wuxing/";

/// The example site built for [`EXAMPLE_BASE`] into `out`.
pub fn build_example(out: &Path) -> BuildReport {
    let options = BuildOptions {
        root: repo_root().to_path_buf(),
        output: Some(out.to_path_buf()),
        validate: ValidateOptions {
            base_url: Some(EXAMPLE_BASE.into()),
            ..Default::default()
        },
        pdf: None,
    };
    tongbao::build(&options)
        .unwrap_or_else(|e| panic!("the example site must build:\n{}", e.render()))
}

/// The example site as built once per test run.
pub struct ExampleSite {
    /// The output folder.
    pub dir: PathBuf,
    /// What the build reported.
    pub report: BuildReport,
}

/// The example site, built for [`EXAMPLE_BASE`] once per test run into cargo's folder for test
/// files (`target/tmp`), and shared: the tests that use it only read it. A test that changes the
/// site builds its own with [`build_example`].
pub fn example_site() -> &'static ExampleSite {
    static SITE: OnceLock<ExampleSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("example-site/wuxing");
        let report = build_example(&dir);
        ExampleSite { dir, report }
    })
}

/// Every file under a folder: site-relative path → bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (relative(dir, e.path()), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The site-relative paths of the HTML files under a folder.
pub fn html_files(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| relative(dir, e.path()))
        .collect()
}

fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// A file of a built output folder as text.
pub fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// What a build left beside the site at `root`: the names of its staging folders
/// (`.public.tongbao-new`, …), which a finished or failed build must have removed.
pub fn staging_leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tongbao"))
        .collect()
}

/// A page of the site at `root`, built into `<root>/public`, as text.
pub fn page(root: &Path, path: &str) -> String {
    read(&root.join("public"), path)
}

/// The `tongbao` command-line program, ready for arguments.
pub fn tongbao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tongbao"))
}

/// `git` in `dir` with a fixed identity and no user or system configuration.
fn git_command(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "编辑")
        .env("GIT_AUTHOR_EMAIL", "editor@example.gov.cn")
        .env("GIT_COMMITTER_NAME", "编辑")
        .env("GIT_COMMITTER_EMAIL", "editor@example.gov.cn");
    c
}

fn run_git(mut command: Command, what: &str) -> String {
    let out = command.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `git` in `dir`; panics with git's message when it fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let mut c = git_command(dir);
    c.args(args);
    run_git(c, &args.join(" "))
}

/// Commits everything in the repository at `dir` with author and committer date `date` (RFC 3339).
pub fn commit_all(dir: &Path, message: &str, date: &str) {
    git(dir, &["add", "-A"]);
    let mut c = git_command(dir);
    c.args(["commit", "-q", "-m", message])
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date);
    run_git(c, "commit");
}

/// Says, in `cargo test`'s normal output, that a test skipped its work and why. Written to the
/// process's stderr itself: `eprintln!` is captured by the test harness and shown only for
/// failing tests, so a skip would pass unseen.
pub fn say_skipped(why: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {why}");
}
