//! The theme: templates and static files, built in and overridden file by file by the site.
//!
//! The default theme under `themes/default/` is embedded in the binary (by `build.rs`, so a file
//! added to the theme needs no list kept by hand), which lets a site without a `themes/` folder
//! build. A site overrides or adds any file by putting it at the same path in its own
//! `themes/default/`; both templates and static files follow that one rule ([`layered`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostics::{Diagnostic, Diagnostics, Position, SourceMap};
use crate::output::Output;

/// The site's theme folder, whose files override the built-in ones.
pub const FOLDER: &str = "themes/default";
/// Where the templates are, in the theme and in a site.
pub const TEMPLATES: &str = "themes/default/templates";
/// Where the theme's static files are.
const STATIC: &str = "themes/default/static";

/// Every file of the built-in theme: its path below `themes/default/` and its bytes, sorted.
const BUILTIN: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// A theme file after layering: where it came from (for diagnostics) and its bytes.
struct Layered {
    file: PathBuf,
    bytes: Vec<u8>,
}

/// The files of one theme folder (`templates` or `static`), by name below it: the built-in ones,
/// then the site's own, which replace a built-in file of the same name or add to them.
fn layered(root: &Path, folder: &str, diags: &mut Diagnostics) -> BTreeMap<String, Layered> {
    let prefix = format!(
        "{}/",
        folder
            .strip_prefix(FOLDER)
            .unwrap_or(folder)
            .trim_start_matches('/')
    );
    let mut files: BTreeMap<String, Layered> = BUILTIN
        .iter()
        .filter_map(|(name, bytes)| {
            let below = name.strip_prefix(&prefix)?;
            Some((
                below.to_string(),
                Layered {
                    file: PathBuf::from(format!("(built-in) {below}")),
                    bytes: bytes.to_vec(),
                },
            ))
        })
        .collect();
    let dir = Path::new(folder);
    for file in crate::load::list_files(root, dir, diags) {
        let name = file
            .strip_prefix(dir)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        match std::fs::read(root.join(&file)) {
            Ok(bytes) => {
                files.insert(name, Layered { file, bytes });
            }
            Err(e) => diags.push(Diagnostic::error(
                &file,
                Position::default(),
                format!("cannot read the file: {e}"),
            )),
        }
    }
    files
}

/// Loads the templates: built-in ones, then the site's overrides and additions.
pub fn load_templates(
    root: &Path,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Tera> {
    let mut templates: Vec<(String, PathBuf, String)> = Vec::new();
    for (name, Layered { file, bytes }) in layered(root, TEMPLATES, diags) {
        match String::from_utf8(bytes) {
            Ok(text) => {
                if !file.starts_with("(built-in)") {
                    sources.insert(&file, text.clone().into());
                }
                templates.push((name, file, text));
            }
            Err(e) => diags.push(
                Diagnostic::error(
                    &file,
                    Position::default(),
                    format!("cannot read the template: {e}"),
                )
                .with_help("save templates as UTF-8 text"),
            ),
        }
    }
    // Templates others build on go in first, so that every component call, `extends` and
    // `include` finds its target when a template is added: the theme's components (any template
    // may call them, the base layout included), then the base layout and partials.
    templates.sort_by_key(|(name, _, _)| {
        (
            name != "partials/components.html",
            !(name == "base.html" || name.contains('/')),
            name.clone(),
        )
    });
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    tera.set_escape_fn(crate::util::escape::markup_to);
    for (name, file, text) in &templates {
        if let Err(e) = tera.add_raw_template(name, text) {
            diags.push(template_diagnostic(&e, file));
        }
    }
    if diags.has_errors() {
        return None;
    }
    // Inheritance and includes are checked once all templates are in.
    if let Err(e) = tera.add_raw_templates(Vec::<(&str, &str)>::new()) {
        diags.push(template_diagnostic(&e, Path::new(TEMPLATES)));
        return None;
    }
    Some(tera)
}

/// A Tera error as a diagnostic, with the template's line and column when Tera knows them.
pub fn template_diagnostic(error: &tera::Error, file: &Path) -> Diagnostic {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            // The template the mistake is in (`base.html`), not the page's own (`unit.html`).
            let in_template = (!report.filename().is_empty())
                .then(|| Path::new(TEMPLATES).join(report.filename()));
            Diagnostic::error(
                in_template.as_deref().unwrap_or(file),
                Position::new(span.start_line, span.start_col + 1),
                format!("template error: {}", report.message()),
            )
        }
        other => Diagnostic::error(
            file,
            Position::default(),
            format!("template error: {other}"),
        ),
    }
    .with_help("check the Tera syntax of the template (https://keats.github.io/tera/)")
}

/// The theme's static files (built-in, overridden by the site's theme) and the site's `static/`
/// files, which are copied as they are; each with the file it came from (for diagnostics).
pub fn static_outputs(
    root: &Path,
    static_files: &[PathBuf],
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, Output)> {
    let mut files: BTreeMap<String, (PathBuf, Vec<u8>)> = layered(root, STATIC, diags)
        .into_iter()
        .map(|(name, l)| (name, (l.file, l.bytes)))
        .collect();
    // Built in like the theme's files (a site's own copy wins), but written from the charts'
    // palette so the page and the charts agree.
    files
        .entry(crate::charts::palette::PAGE_CSS_FILE.to_string())
        .or_insert_with(|| {
            (
                PathBuf::from(format!(
                    "(built-in) {}",
                    crate::charts::palette::PAGE_CSS_FILE
                )),
                crate::charts::palette::page_css().into_bytes(),
            )
        });
    for below in static_files {
        let file = Path::new("static").join(below);
        match std::fs::read(root.join(&file)) {
            Ok(bytes) => {
                files.insert(below.to_string_lossy().replace('\\', "/"), (file, bytes));
            }
            Err(e) => diags.push(Diagnostic::error(
                &file,
                Position::default(),
                format!("cannot read the file: {e}"),
            )),
        }
    }
    files
        .into_iter()
        .map(|(path, (file, bytes))| (file, Output { path, bytes }))
        .collect()
}
