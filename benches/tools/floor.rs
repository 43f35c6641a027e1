//! The floor of the benchmark: read every story of a site, convert its Markdown with pulldown-cmark
//! (the same extensions tongbao turns on) and write one HTML file per story, in parallel. No
//! templates, no data, no lists: the least work any generator must do for the same stories.
//!
//! ```text
//! floor SITE OUT      reads SITE/content/stories/*.md, writes OUT/stories/<stem>/index.html
//! ```

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

fn body_of(text: &str) -> &str {
    text.strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|end| &rest[end + 5..]))
        .unwrap_or(text)
}

fn convert(file: &Path, out: &Path) -> io::Result<()> {
    let text = fs::read_to_string(file)?;
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let body = body_of(&text);
    let mut page = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut page, Parser::new_ext(body, options));
    let stem = file.file_stem().unwrap_or_default();
    let dir = out.join("stories").join(stem);
    fs::create_dir_all(&dir)?;
    fs::write(dir.join("index.html"), page)
}

fn run(site: &Path, out: &Path) -> io::Result<usize> {
    let mut files: Vec<PathBuf> = fs::read_dir(site.join("content/stories"))?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    files.retain(|f| f.extension().is_some_and(|e| e == "md"));
    files.sort();
    files.par_iter().try_for_each(|f| convert(f, out))?;
    Ok(files.len())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(site), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: floor SITE OUT");
        std::process::exit(2);
    };
    match run(Path::new(site), Path::new(out)) {
        Ok(n) => println!("{n} stories"),
        Err(e) => {
            eprintln!("floor: {e}");
            std::process::exit(1);
        }
    }
}
