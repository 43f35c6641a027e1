//! tongbao（通报）: a static-site generator for public progress reporting.
//!
//! The build is a pipeline, one module per stage, run in this order by [`build`]:
//!
//! ```text
//! load      read data/ (YAML, with spans), content/ (front matter + Markdown), static file names
//! theme     the templates and static files: built in, overridden file by file by the site
//! validate  check everything, collect every diagnostic, build the immutable cross-linked model
//! history   the earlier publications from the git repository and what changed since each
//! plan      the route table: every page's path (from `url`) and kind
//! markdown  each story's body, rendered for the page plan gave it
//! charts    every chart drawn once (SVG + table + provenance)
//! render    pages through their templates, in parallel; `render::pages` says what each kind shows
//! export    what is not a page: chart and dataset downloads, feeds, sitemap, search index
//! pdf       only with `build --pdf`: the staged brief printed by Chromium, its metadata fixed
//! write     claim the output (checked, links followed, locked), each file into a fresh folder
//!           beside it as it is made, then one atomic swap
//! ```
//!
//! Below the stages: `model` (the checked data and what it says: statuses, metric wording),
//! `url` (every URL shape), `output` (a built file and the sink the stages hand files to),
//! `diagnostics` (errors with file, line and column) and `util` (dates, numbers, escaping, CSV).
//! Beside them, the commands' own modules: `check` (links and anchors of the rendered site),
//! `serve` (the preview server) and `scaffold` (`new` and `init`).
//!
//! Where a change goes: a new page kind is a `plan::PageKind` variant, and the compiler then lists
//! every place to handle it (its template, section, context in `render::pages`, sitemap date); a
//! new chart kind is a module in `charts` and a `charts::ChartSpec` variant, shown by the page
//! modules that want it; a new record field is its raw field in `load::records`, its model field,
//! its check in `validate/<kind>.rs`, its template and the README's data reference.
//!
//! [`render_site`] stops before writing (for checks, the preview server and tests).

pub mod charts;
pub mod check;
pub mod diagnostics;
pub mod export;
pub mod history;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pdf;
pub mod plan;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod starter;
pub mod theme;
pub mod url;
pub mod util;
pub mod validate;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diagnostics::{Diagnostic, Diagnostics, Position, SourceMap};
use output::Output;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `data/`, `content/`, …).
    pub root: PathBuf,
    /// The output folder; default `<root>/public`.
    pub output: Option<PathBuf>,
    /// Options that change the model (drafts, base URL, reporting date).
    pub validate: validate::ValidateOptions,
    /// Print the brief to `brief/<as_of>.pdf` as well (`build --pdf`); `None` needs no browser.
    pub pdf: Option<PdfOptions>,
}

/// How to print the brief to PDF.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// The Chromium to print with (a path or a name on PATH); else found by `pdf::find_chromium`.
    pub chromium: Option<PathBuf>,
}

impl BuildOptions {
    /// The output folder these options name.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful build made.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub pages: usize,
    pub charts: usize,
    pub files: usize,
    pub records: usize,
    pub millis: u128,
    pub output: PathBuf,
    /// How long each phase took, in order (load, validate, render, charts, search and feeds, static,
    /// write). Files are written as they are rendered; "write" is the swap and the old output removed.
    pub timings: Vec<(&'static str, Duration)>,
    /// What the data says that contradicts itself, though the site was built (file:line:col).
    pub warnings: Vec<Diagnostic>,
    /// The text of the files the warnings point into.
    pub sources: SourceMap,
}

impl BuildReport {
    /// Every warning rendered with its source line, for people.
    pub fn render_warnings(&self) -> String {
        self.warnings
            .iter()
            .map(|d| d.render(&self.sources) + "\n")
            .collect()
    }
}

/// Why a build failed: the diagnostics, with the sources to quote them.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
}

impl BuildFailure {
    fn single(d: Diagnostic) -> Self {
        BuildFailure {
            diagnostics: vec![d],
            sources: SourceMap::default(),
        }
    }

    /// Every diagnostic rendered with its source line, and a closing count.
    pub fn render(&self) -> String {
        let mut out: String = self
            .diagnostics
            .iter()
            .map(|d| d.render(&self.sources) + "\n")
            .collect();
        // Warnings and notes shown beside the errors are not counted as errors.
        let n = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == diagnostics::Severity::Error)
            .count();
        out.push_str(&format!(
            "build failed: {n} error{}\n",
            if n == 1 { "" } else { "s" }
        ));
        out
    }
}

/// A site rendered in memory.
#[derive(Debug)]
pub struct RenderedSite {
    pub model: model::Site,
    pub outputs: Vec<Output>,
    pub pages: usize,
    /// How long each phase took, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// How many charts were drawn (each written as SVG, CSV and JSON).
    pub charts: usize,
    /// Warnings of a site that was rendered all the same.
    pub warnings: Vec<Diagnostic>,
    /// The text of the files the warnings point into.
    pub sources: SourceMap,
}

/// Loads, validates and renders the site without writing anything.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite, BuildFailure> {
    let prepared = prepare(options)?;
    let (rendered, outputs) = output::in_memory(|sink| render_into(prepared, sink));
    let rendered = rendered?;
    Ok(RenderedSite {
        model: rendered.model,
        outputs,
        pages: rendered.pages,
        timings: rendered.timings,
        charts: rendered.charts,
        warnings: rendered.warnings,
        sources: rendered.sources,
    })
}

/// A site loaded, validated and planned, ready to render.
struct Prepared<'o> {
    root: &'o Path,
    model: model::Site,
    tera: tera::Tera,
    routes: Vec<plan::Route>,
    sources: SourceMap,
    diags: Diagnostics,
    timings: Vec<(&'static str, Duration)>,
}

/// What rendering made, wherever its files went.
struct Rendered {
    model: model::Site,
    pages: usize,
    charts: usize,
    timings: Vec<(&'static str, Duration)>,
    warnings: Vec<Diagnostic>,
    sources: SourceMap,
}

/// Loads, validates and plans the site.
fn prepare(options: &BuildOptions) -> Result<Prepared<'_>, BuildFailure> {
    let root = &options.root;
    let mut sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    if !root.is_dir() {
        return Err(BuildFailure::single(
            Diagnostic::error(root, Position::default(), "the site folder does not exist")
                .with_help("pass the folder that holds data/ and content/ with --root"),
        ));
    }
    if !root.join("data").is_dir() && !root.join("content").is_dir() {
        // Not a site at all (a build started in the wrong folder): one clear message rather
        // than every file a site needs reported missing.
        return Err(BuildFailure::single(
            Diagnostic::error(root, Position::default(), "this folder is not a tongbao site: it has no data/ or content/ folder")
                .with_help("run `tongbao init my-site` to start a site, or pass the site's folder with --root DIR"),
        ));
    }
    let mut timings = Vec::new();
    let started = Instant::now();
    let raw = load::load_site(root, &mut sources, &mut diags);
    let tera = theme::load_templates(root, &mut sources, &mut diags);
    timings.push(("load", started.elapsed()));
    let validating = Instant::now();
    let model = validate::validate(raw, &options.validate, &mut diags);
    if options.validate.deny_warnings {
        diags.deny_warnings();
    }
    timings.push(("validate", validating.elapsed()));
    let (Some(model), Some(tera), false) = (model, tera, diags.has_errors()) else {
        return Err(BuildFailure {
            diagnostics: diags.into_sorted(),
            sources,
        });
    };
    let mut model = model;
    let reading = Instant::now();
    let (history, warning) = history::read(root, &model);
    model.history = history;
    if let Some(warning) = warning {
        diags.push(warning);
    }
    timings.push(("history", reading.elapsed()));
    let routes = plan::plan(&model);
    markdown::render_bodies(&mut model, &routes);
    Ok(Prepared {
        root,
        model,
        tera,
        routes,
        sources,
        diags,
        timings,
    })
}

/// Renders every file of a prepared site (pages, charts, search index, feeds, static files) and
/// hands each to `sink` as soon as it is made.
fn render_into(prepared: Prepared<'_>, sink: &output::Sink) -> Result<Rendered, BuildFailure> {
    let Prepared {
        root,
        model,
        tera,
        routes,
        sources,
        mut diags,
        mut timings,
    } = prepared;
    let mut phase = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, phase.elapsed()));
        phase = Instant::now();
    };
    let fail = |diags: Diagnostics, sources: SourceMap| BuildFailure {
        diagnostics: diags.into_sorted(),
        sources,
    };
    // Every generated path, so that a static file can be checked against them before it is
    // written, and two generated files for one path are an error rather than one lost.
    let generated = std::sync::Mutex::new(std::collections::BTreeSet::new());
    let recording = |o: Output| -> Result<(), Diagnostic> {
        let fresh = generated
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(o.path.clone());
        if !fresh {
            return Err(Diagnostic::error(
                &o.path,
                Position::default(),
                format!("two generated files would be written to {}", o.path),
            )
            .with_help(
                "two records or pages share one address: give one of them another id, slug or tag",
            ));
        }
        sink(o)
    };
    let sink: &output::Sink = &recording;
    let drawn = charts::ChartSet::draw(&model);
    lap("charts", &mut timings);
    let pages = render::render_pages(&model, &drawn, &tera, &routes, &mut diags, sink);
    lap("render", &mut timings);
    if diags.has_errors() {
        return Err(fail(diags, sources));
    }
    let charts = drawn.len();
    let mut others = || -> Result<(), Diagnostic> {
        export::chart_files::outputs(&model, &drawn, sink)?;
        lap("chart files", &mut timings);
        export::search::outputs(&model)
            .into_iter()
            .try_for_each(sink)?;
        export::feeds::outputs(&model, &routes, &tera)?
            .into_iter()
            .try_for_each(sink)?;
        lap("search and feeds", &mut timings);
        let statics = theme::static_outputs(root, &model.static_files, &mut diags);
        let collisions: Vec<Diagnostic> = {
            let generated = generated.lock().unwrap_or_else(|e| e.into_inner());
            statics
                .iter()
                .filter_map(|(file, o)| plan::static_collision(&generated, file, &o.path))
                .collect()
        };
        let mut collisions = collisions;
        if !model.settings.allow_raw_html {
            collisions.extend(statics.iter().flat_map(|(file, o)| active_content(file, o)));
        }
        if !collisions.is_empty() {
            diags.extend(collisions);
            return Ok(());
        }
        statics.into_iter().map(|(_, o)| o).try_for_each(sink)?;
        lap("static", &mut timings);
        Ok(())
    };
    if let Err(d) = others() {
        diags.push(d);
    }
    if diags.has_errors() {
        return Err(fail(diags, sources));
    }
    Ok(Rendered {
        model,
        pages,
        charts,
        timings,
        warnings: diags.into_sorted(),
        sources,
    })
}

/// What would run in a site's own static SVG or HTML file (not the built-in theme's), as errors.
fn active_content(file: &Path, output: &Output) -> Vec<Diagnostic> {
    if file.starts_with("(built-in)") || !util::active::is_checked(&output.path) {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(&output.bytes);
    util::active::find(&text)
        .into_iter()
        .map(|found| {
            Diagnostic::error(
                file,
                diagnostics::position_of_offset(&text, found.offset),
                format!("{} would run on the site's own pages when the file is opened", found.what),
            )
            .with_help("remove it (an SVG picture needs no script; a link needs an https: address), or set `allow_raw_html: true` in data/site.yaml if every file in static/ is trusted")
        })
        .collect()
}

/// Prints the brief written in `staged` (the staging folder) to its PDF, dated from `as_of`.
fn print_brief(
    chromium: &Path,
    staged: &Path,
    settings: &model::Settings,
) -> Result<Output, String> {
    let page = staged.join(url::output_file(url::BRIEF));
    let printed = pdf::print(chromium, &page)?;
    let bytes = pdf::metadata::set(
        &printed,
        &pdf::metadata::Metadata {
            // As the page's own <title> (base.html) reads.
            title: format!("{} - {}", settings.brief_title(), settings.title),
            language: "zh-CN".to_string(),
            created: settings.as_of,
            creator: format!("tongbao {}", env!("CARGO_PKG_VERSION")),
            rebase_links: Some((pdf::folder_url(staged), settings.base_url.clone())),
        },
    )?;
    Ok(Output {
        path: url::brief_pdf(settings.as_of),
        bytes,
    })
}

/// Builds the site and writes it to the output folder atomically.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let output = options.output_dir();
    // Looked for before anything is claimed, so a missing browser fails at once and plainly.
    let chromium = match &options.pdf {
        Some(pdf) => Some(
            pdf::find_chromium(pdf.chromium.as_deref()).map_err(|message| {
                BuildFailure::single(
                    Diagnostic::error(diagnostics::COMMAND_LINE, Position::default(), message)
                        .with_help(pdf::INSTALL_HELP),
                )
            })?,
        ),
        None => None,
    };
    // Refused before anything moves; held (with the lock) until the new site is in place.
    let claim =
        write::claim(&options.root, &output, &|note| eprintln!("{note}")).map_err(|refusal| {
            BuildFailure::single(
                Diagnostic::error(&output, Position::default(), refusal.message)
                    .with_help(refusal.help),
            )
        })?;
    let cannot_write = |e: std::io::Error| {
        Diagnostic::error(
            &output,
            Position::default(),
            format!("cannot write the site: {e}"),
        )
        .with_help(format!(
            "check that the output folder's parent is writable and has space; {}",
            claim.previous_site_note()
        ))
    };
    let prepared = prepare(options)?;
    // Each file goes into the staging folder as soon as it is rendered; if anything fails, the
    // staging folder is removed (on drop) and the output folder is never touched.
    let staging = claim
        .stage()
        .map_err(|e| BuildFailure::single(cannot_write(e)))?;
    let mut rendered = render_into(prepared, &|o| staging.write(&o).map_err(cannot_write))?;
    if let Some(chromium) = &chromium {
        let printing = Instant::now();
        let pdf =
            print_brief(chromium, staging.dir(), &rendered.model.settings).map_err(|message| {
                BuildFailure::single(
                    Diagnostic::error(&output, Position::default(), message).with_help(format!(
                        "{}; {}",
                        pdf::INSTALL_HELP,
                        claim.previous_site_note()
                    )),
                )
            })?;
        staging
            .write(&pdf)
            .map_err(|e| BuildFailure::single(cannot_write(e)))?;
        rendered.timings.push(("pdf", printing.elapsed()));
    }
    let files = staging.written();
    let write_started = Instant::now();
    staging
        .swap_in()
        .map_err(|e| BuildFailure::single(cannot_write(e)))?;
    let mut timings = std::mem::take(&mut rendered.timings);
    timings.push(("write", write_started.elapsed()));
    let m = &rendered.model;
    let records = m.counties.len()
        + m.sources.len()
        + m.units.len()
        + m.posts.len()
        + m.projects.len()
        + m.metrics.len()
        + m.actions.len()
        + m.events.len()
        + m.facts.len()
        + m.stories.len();
    Ok(BuildReport {
        pages: rendered.pages,
        charts: rendered.charts,
        files,
        records,
        millis: started.elapsed().as_millis(),
        output,
        timings,
        warnings: rendered.warnings,
        sources: rendered.sources,
    })
}
