//! Embeds the default theme: writes `$OUT_DIR/theme_files.rs`, a sorted list of every file under
//! `themes/default/` as `(path, bytes)`, so the binary carries the theme without a hand-kept list.
//! Written here rather than with a crate because `rerun-if-changed` on the folder makes cargo notice
//! a file added to the theme, which a proc macro on stable Rust cannot.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        } else if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let theme = manifest.join("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut found = Vec::new();
    files(&theme, &mut found);
    found.sort();
    let mut code = String::from("&[\n");
    for file in &found {
        let name = file.strip_prefix(&theme).expect("under the theme");
        let name = name.to_string_lossy().replace('\\', "/");
        println!("cargo:rerun-if-changed={}", file.display());
        code.push_str(&format!(
            "    ({name:?}, include_bytes!({:?})),\n",
            file.display().to_string()
        ));
    }
    code.push(']');
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("theme_files.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
