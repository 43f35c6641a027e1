//! Check: everything a build checks, plus every internal link and `#anchor` of the rendered pages,
//! without writing anything.
//!
//! The site is rendered in memory ([`crate::render_site`]); `links` then reads the pages through
//! the small HTML scan in `html`. How the report is printed (for people, as JSON lines, as
//! GitHub annotations) is [`crate::diagnostics::Format`]'s job, not this module's.

mod html;
mod links;

use std::path::Path;

use crate::diagnostics::{Diagnostic, Format, Severity, SourceMap};
use crate::{BuildOptions, render_site};

/// What a check found.
#[derive(Debug)]
pub struct CheckReport {
    /// Every problem, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the files the problems point into.
    pub sources: SourceMap,
    /// Rendered pages whose links were checked (0 when the build itself failed).
    pub pages: usize,
    /// Internal links checked.
    pub links: usize,
    /// How long each phase took, in order (the build's phases, then the links), for `--verbose`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl CheckReport {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The report in the given format; `root` prefixes file names when it is a relative folder, so
    /// that paths are relative to the working directory (the repository root in CI). For people,
    /// a closing line counts what was checked and found.
    pub fn render(&self, format: Format, root: &Path) -> String {
        let mut out: String = self
            .diagnostics
            .iter()
            .map(|d| format.render(d, &self.sources, root))
            .collect();
        if format == Format::Human {
            let errors = self
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let count = |severity| {
                self.diagnostics
                    .iter()
                    .filter(|d| d.severity == severity)
                    .count()
            };
            let warnings = count(Severity::Warning);
            let notes = match count(Severity::Note) {
                0 => String::new(),
                n => format!(", {n} note(s)"),
            };
            out.push_str(&format!(
                "checked {} pages and {} internal links: {errors} error(s), {warnings} warning(s){notes}\n",
                self.pages, self.links
            ));
        }
        out
    }
}

/// Loads, validates and renders the site in memory, then checks its internal links and anchors.
pub fn check(options: &BuildOptions) -> CheckReport {
    match render_site(options) {
        Err(failure) => CheckReport {
            diagnostics: failure.diagnostics,
            sources: failure.sources,
            pages: 0,
            links: 0,
            timings: Vec::new(),
        },
        Ok(site) => {
            let mut sources = site.sources;
            let mut timings = site.timings;
            let started = std::time::Instant::now();
            let locator = links::SourceLocator::read(&options.root, &mut sources);
            let (found, links) =
                links::check_links(&site.outputs, &site.model.settings.base_url, &locator);
            timings.push(("links", started.elapsed()));
            // The data's warnings first, then the links' problems; with --deny-warnings every
            // warning fails the check like an error.
            let mut diagnostics = site.warnings;
            diagnostics.extend(found);
            if options.validate.deny_warnings {
                for d in &mut diagnostics {
                    d.deny_warning();
                }
            }
            let pages = site
                .outputs
                .iter()
                .filter(|o| o.path.ends_with(".html"))
                .count();
            CheckReport {
                diagnostics,
                sources,
                pages,
                links,
                timings,
            }
        }
    }
}
