//! Helpers shared by the integration tests: fixture sites copied into temp folders, builds, and
//! reading back what was written.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tongbao::validate::ValidateOptions;
use tongbao::{BuildFailure, BuildOptions, BuildReport};

/// The folder holding the fixture sites.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies a fixture site into a fresh temp folder and returns (guard, site root).
pub fn site_from_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    copy_dir(&fixtures().join(name), &root);
    (dir, root)
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
    })
}

/// Every file under a folder: site-relative path → bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A page of the built site as text.
pub fn page(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join("public").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The href values of a page (attribute values as written, HTML entities for & undone).
pub fn hrefs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("href=\"") {
        rest = &rest[i + 6..];
        let end = rest.find('"').unwrap();
        out.push(rest[..end].replace("&amp;", "&"));
        rest = &rest[end..];
    }
    out
}

/// Decodes %XX escapes of a URL path.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}
