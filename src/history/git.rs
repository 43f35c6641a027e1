//! Reading a site's history with the `git` command: which commits changed the site's files, and the
//! files' contents at any of them.
//!
//! Five short processes per build, whatever the history's length: two `rev-parse` (where the site
//! is in the repository, whether the clone is shallow, whether there is a commit), two `log` (every
//! first-parent commit, and with `--raw` the blobs each changed under `data/` and
//! `content/stories/`, from which the files at each commit are replayed), and one
//! `cat-file --batch` that reads only the blobs asked for, each once. Measured against the `gix`
//! crate (reading `data/site.yaml` at every commit of a 100-publication history, 11 interleaved
//! runs on a loaded 2-core machine): gix took a median 46 ms, a `git log | git cat-file --batch`
//! shell pipeline 158 ms. gix is faster, but both are small beside a build, and gix brings about a
//! hundred crates (its release build took over an hour on that machine), so tongbao runs the `git`
//! command, which CI and editors have anyway.
//!
//! Not for: what a publication is (`history::read`) or what changed (`history::diff`).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;

/// Why the history cannot be read; shown on /changes/ and as the build's warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// The `git` command is not installed.
    NoGit,
    /// The site folder is not inside a git repository.
    NotARepository,
    /// The repository has no commit yet.
    NoCommits,
    /// A shallow clone: earlier commits were not fetched.
    Shallow,
    /// `git` failed in another way (its message).
    Failed(String),
}

impl Unavailable {
    /// Why, in a sentence for the page (Chinese).
    pub fn reason(&self) -> String {
        match self {
            Unavailable::NoGit => "构建环境中没有 git 命令".into(),
            Unavailable::NotARepository => "站点目录不在 git 仓库中".into(),
            Unavailable::NoCommits => "仓库中还没有提交".into(),
            Unavailable::Shallow => "仓库是浅克隆，早期提交未取回".into(),
            Unavailable::Failed(m) => format!("读取 git 历史失败（{m}）"),
        }
    }

    /// What to do about it, for the warning's help line.
    pub fn help(&self) -> &'static str {
        match self {
            Unavailable::NoGit => {
                "install git where the site is built, so /changes/ can say what changed since the last publication"
            }
            Unavailable::NotARepository => {
                "keep the site in a git repository and commit each publication, so /changes/ can say what changed"
            }
            Unavailable::NoCommits => {
                "commit the site; each new as_of in data/site.yaml then marks a publication"
            }
            Unavailable::Shallow => {
                "fetch the whole history (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)"
            }
            Unavailable::Failed(_) => "check that `git log` works in the site folder",
        }
    }
}

/// One first-parent commit and the site's files as they stood at it.
#[derive(Debug, Clone)]
pub struct Commit {
    /// The full object id.
    pub id: String,
    /// Committer time, seconds since 1970 (UTC).
    pub time: i64,
    /// Each file under `data/` and `content/stories/` (site-relative path) and its blob id.
    pub files: Arc<BTreeMap<String, String>>,
}

/// An open repository: its first-parent history and a reader for blobs.
pub struct Repository {
    /// Oldest first.
    pub commits: Vec<Commit>,
    blobs: BlobReader,
    /// Blobs already read: publications share most of their files.
    read: std::collections::HashMap<String, Arc<str>>,
    /// Where git runs (to restart the blob reader).
    root: std::path::PathBuf,
}

/// Runs `git` in `dir` with a fixed, non-interactive environment.
fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        .args(["-c", "core.quotepath=off", "--no-pager"])
        .env("LC_ALL", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null());
    c
}

fn run(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Unavailable> {
    let out = git(dir).args(args).output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Unavailable::NoGit,
        _ => Unavailable::Failed(e.to_string()),
    })?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let message = String::from_utf8_lossy(&out.stderr).trim().to_string();
        if message.contains("not a git repository") {
            Err(Unavailable::NotARepository)
        } else if message.contains("unknown revision")
            || message.contains("does not have any commits")
            || message.contains("bad default revision")
        {
            Err(Unavailable::NoCommits)
        } else {
            Err(Unavailable::Failed(
                message.lines().next().unwrap_or("").to_string(),
            ))
        }
    }
}

impl Repository {
    /// Opens the repository holding the site at `root` and lists its first-parent history.
    pub fn open(root: &Path) -> Result<Repository, Unavailable> {
        let info = run(
            root,
            &["rev-parse", "--is-shallow-repository", "--show-prefix"],
        )?;
        let info = String::from_utf8_lossy(&info);
        let mut lines = info.lines();
        if lines.next() == Some("true") {
            return Err(Unavailable::Shallow);
        }
        let prefix = lines.next().unwrap_or("").to_string();
        run(root, &["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
            .map_err(|_| Unavailable::NoCommits)?;
        let data = format!(":(top){prefix}data");
        let stories = format!(":(top){prefix}content/stories");
        let log = run(
            root,
            &[
                "log",
                "--first-parent",
                "--diff-merges=first-parent",
                "--raw",
                "--no-renames",
                "--no-abbrev",
                "-z",
                "--format=%x01%H %ct",
                "HEAD",
                "--",
                &data,
                &stories,
            ],
        )?;
        let all = run(root, &["log", "--first-parent", "--format=%H %ct", "HEAD"])?;
        let commits = replay(&parse_log(&log, &prefix), &String::from_utf8_lossy(&all));
        let blobs = BlobReader::start(root)?;
        Ok(Repository {
            commits,
            blobs,
            read: Default::default(),
            root: root.to_path_buf(),
        })
    }

    /// The text of a blob (lossy UTF-8), or why it could not be read.
    pub fn blob(&mut self, id: &str) -> Result<Arc<str>, String> {
        if let Some(text) = self.read.get(id) {
            return Ok(text.clone());
        }
        // A repository being repacked by another process can fail one read: the reader is
        // restarted (its pipe may be out of step) and asked once more.
        let text = match self.blobs.read(id) {
            Ok(text) => text,
            Err(_) => {
                self.blobs = BlobReader::start(&self.root).map_err(|u| format!("{u:?}"))?;
                self.blobs.read(id)?
            }
        };
        self.read.insert(id.to_string(), text.clone());
        Ok(text)
    }
}

/// A commit of `log --raw` and the files it changed: (path below the site, new blob id or `None`
/// when deleted).
type Changed = (String, i64, Vec<(String, Option<String>)>);

/// Parses `log --raw -z --format=%x01%H %ct` output; newest first as git prints it.
fn parse_log(out: &[u8], prefix: &str) -> Vec<Changed> {
    let text = String::from_utf8_lossy(out);
    let mut commits = Vec::new();
    for chunk in text.split('\u{1}').filter(|c| !c.is_empty()) {
        let mut fields = chunk.split('\0');
        let head = fields.next().unwrap_or("");
        let mut head_parts = head.split_whitespace();
        let (Some(id), Some(time)) = (head_parts.next(), head_parts.next()) else {
            continue;
        };
        let time = time.parse().unwrap_or(0);
        let mut changed = Vec::new();
        while let Some(meta) = fields.next() {
            let meta = meta.trim_start_matches('\n');
            if meta.is_empty() {
                continue;
            }
            let Some(path) = fields.next() else { break };
            // ":100644 100644 <old> <new> M"
            let parts: Vec<&str> = meta.trim_start_matches(':').split_whitespace().collect();
            if parts.len() < 5 {
                continue;
            }
            let Some(path) = path.strip_prefix(prefix) else {
                continue;
            };
            let deleted = parts[4].starts_with('D') || parts[3].bytes().all(|b| b == b'0');
            changed.push((path.to_string(), (!deleted).then(|| parts[3].to_string())));
        }
        commits.push((id.to_string(), time, changed));
    }
    commits
}

/// Every first-parent commit (from `all`, newest first as `id time` lines), oldest first, each
/// with the files as they stood, replayed from the changes.
fn replay(changes: &[Changed], all: &str) -> Vec<Commit> {
    let by_id: BTreeMap<&str, &Vec<(String, Option<String>)>> =
        changes.iter().map(|(id, _, c)| (id.as_str(), c)).collect();
    let mut files: Arc<BTreeMap<String, String>> = Arc::default();
    let mut commits = Vec::new();
    for line in all.lines().rev() {
        let mut parts = line.split_whitespace();
        let (Some(id), Some(time)) = (parts.next(), parts.next()) else {
            continue;
        };
        if let Some(changed) = by_id.get(id) {
            let next = Arc::make_mut(&mut files);
            for (path, blob) in changed.iter() {
                match blob {
                    Some(b) => next.insert(path.clone(), b.clone()),
                    None => next.remove(path),
                };
            }
        }
        commits.push(Commit {
            id: id.to_string(),
            time: time.parse().unwrap_or(0),
            files: files.clone(),
        });
    }
    commits
}

/// One `git cat-file --batch` process, asked for one blob at a time.
struct BlobReader {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl BlobReader {
    fn start(root: &Path) -> Result<BlobReader, Unavailable> {
        let mut child = git(root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Unavailable::Failed(e.to_string()))?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(Unavailable::Failed("cat-file has no pipes".into()));
        };
        Ok(BlobReader {
            child,
            input,
            output: BufReader::new(output),
        })
    }

    fn read(&mut self, id: &str) -> Result<Arc<str>, String> {
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("not an object id: {id}"));
        }
        writeln!(self.input, "{id}").map_err(|e| e.to_string())?;
        self.input.flush().map_err(|e| e.to_string())?;
        let mut header = String::new();
        self.output
            .read_line(&mut header)
            .map_err(|e| e.to_string())?;
        let parts: Vec<&str> = header.split_whitespace().collect();
        if parts.len() != 3 || parts[1] != "blob" {
            return Err(format!("git cannot read {id}: {}", header.trim()));
        }
        let size: usize = parts[2]
            .parse()
            .map_err(|_| format!("bad size in {header}"))?;
        let mut bytes = vec![0; size + 1];
        self.output
            .read_exact(&mut bytes)
            .map_err(|e| e.to_string())?;
        bytes.pop();
        Ok(Arc::from(String::from_utf8_lossy(&bytes).as_ref()))
    }
}

impl Drop for BlobReader {
    fn drop(&mut self) {
        // Closing stdin ends cat-file; wait so no zombie is left.
        let _ = self.input.flush();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raw_log_is_replayed_into_the_files_at_each_commit() {
        let z = "0".repeat(40);
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let log = format!(
            "\u{1}c2 20\n\0:100644 000000 {a} {z} D\0site/data/x.yaml\0:000644 100644 {z} {b} A\0site/data/y.yaml\0\u{1}c1 10\n\0:000000 100644 {z} {a} A\0site/data/x.yaml\0:000000 100644 {z} {a} A\0other/data/x.yaml\0"
        );
        let changes = parse_log(log.as_bytes(), "site/");
        let commits = replay(&changes, "c3 30\nc2 20\nc1 10\n");
        assert_eq!(commits.len(), 3);
        assert_eq!(commits[0].files.get("data/x.yaml"), Some(&a));
        assert_eq!(commits[0].files.len(), 1);
        assert_eq!(commits[1].files.get("data/y.yaml"), Some(&b));
        assert!(!commits[1].files.contains_key("data/x.yaml"));
        assert_eq!(commits[2].files, commits[1].files);
        assert_eq!(commits[2].time, 30);
    }
}
