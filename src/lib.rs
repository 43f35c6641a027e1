//! tongbao（通报）: a static-site generator for public progress reporting.
//!
//! The build is a pipeline, one module per stage:
//!
//! ```text
//! load      read data/ (YAML), content/ (front matter + Markdown), templates, static files
//! validate  check everything, collect every diagnostic, build the immutable cross-linked model
//! plan      the route table: every page's path and kind
//! render    pages (and assets) as pure functions of the model, in parallel
//! write     into a fresh folder beside the output, then swap it in atomically
//! ```
//!
//! [`build`] runs all of it; [`render_site`] stops before writing (for checks and tests).

pub mod charts;
pub mod check;
pub mod date;
pub mod diagnostics;
pub mod escape;
pub mod feeds;
pub mod format;
pub mod load;
pub mod markdown;
pub mod model;
pub mod plan;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod validate;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diagnostics::{Diagnostic, Diagnostics, Position, SourceMap};
use render::Output;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `data/`, `content/`, …).
    pub root: PathBuf,
    /// The output folder; default `<root>/public`.
    pub output: Option<PathBuf>,
    /// Options that change the model (drafts, base URL, reporting date).
    pub validate: validate::ValidateOptions,
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
        let n = self.diagnostics.len();
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
}

/// Loads, validates and renders the site without writing anything.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite, BuildFailure> {
    let prepared = prepare(options)?;
    let (rendered, outputs) = render::in_memory(|sink| render_into(prepared, sink));
    let rendered = rendered?;
    Ok(RenderedSite {
        model: rendered.model,
        outputs,
        pages: rendered.pages,
        timings: rendered.timings,
        charts: rendered.charts,
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
    let mut timings = Vec::new();
    let started = Instant::now();
    let raw = load::load_site(root, &mut sources, &mut diags);
    let tera = render::load_templates(root, &mut sources, &mut diags);
    timings.push(("load", started.elapsed()));
    let validating = Instant::now();
    let model = validate::validate(raw, &options.validate, &mut diags);
    timings.push(("validate", validating.elapsed()));
    let (Some(model), Some(tera), false) = (model, tera, diags.has_errors()) else {
        return Err(BuildFailure {
            diagnostics: diags.into_sorted(),
            sources,
        });
    };
    let routes = plan::plan(&model);
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
fn render_into(prepared: Prepared<'_>, sink: &render::Sink) -> Result<Rendered, BuildFailure> {
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
    let drawn = charts::ChartSet::draw(&model);
    lap("charts", &mut timings);
    let pages = render::render_pages(&model, &drawn, &tera, &routes, &mut diags, sink);
    lap("render", &mut timings);
    if diags.has_errors() {
        return Err(fail(diags, sources));
    }
    let charts = drawn.len();
    let mut others = || -> Result<(), Diagnostic> {
        charts::render_charts(&model, &drawn, sink)?;
        lap("chart files", &mut timings);
        search::outputs(&model).into_iter().try_for_each(sink)?;
        feeds::outputs(&model, &routes)
            .into_iter()
            .try_for_each(sink)?;
        lap("search and feeds", &mut timings);
        static_outputs(root, &model, &mut diags)
            .into_iter()
            .try_for_each(sink)?;
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
    })
}

/// The theme's static files (built-in, overridden by the site's theme) and the site's `static/`.
fn static_outputs(root: &Path, site: &model::Site, diags: &mut Diagnostics) -> Vec<Output> {
    let mut files: std::collections::BTreeMap<String, Vec<u8>> = render::BUILTIN_STATIC
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect();
    // Built in like the theme's files, but written from the charts' palette so the two agree.
    files.insert(
        charts::palette::PAGE_CSS_FILE.to_string(),
        charts::palette::page_css().into_bytes(),
    );
    let theme_static = Path::new("themes/default/static");
    let site_files = load::list_files(root, theme_static, diags)
        .into_iter()
        .map(|f| (theme_static, f));
    let static_files = site
        .static_files
        .iter()
        .map(|f| (Path::new("static"), Path::new("static").join(f)));
    for (base, file) in site_files.chain(static_files) {
        let name = file
            .strip_prefix(base)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        match std::fs::read(root.join(&file)) {
            Ok(bytes) => {
                files.insert(name, bytes);
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
        .map(|(path, bytes)| Output { path, bytes })
        .collect()
}

/// Builds the site and writes it to the output folder atomically.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let output = options.output_dir();
    if let Some(problem) = write::output_problem(&options.root, &output) {
        return Err(BuildFailure::single(
            Diagnostic::error(&output, Position::default(), problem)
                .with_help("choose an empty or new folder for --output (the default is public/ in the site), or delete this one if it is an old build; nothing was written"),
        ));
    }
    let cannot_write = |e: std::io::Error| {
        Diagnostic::error(&output, Position::default(), format!("cannot write the site: {e}"))
            .with_help("check that the output folder's parent exists and is writable; the previous site was left as it was")
    };
    let prepared = prepare(options)?;
    // Each file goes into the staging folder as soon as it is rendered; if anything fails, the
    // staging folder is removed (on drop) and the output folder is never touched.
    let staging =
        write::Staging::create(&output).map_err(|e| BuildFailure::single(cannot_write(e)))?;
    let rendered = render_into(prepared, &|o| staging.write(&o).map_err(cannot_write))?;
    let files = staging.written();
    let write_started = Instant::now();
    staging
        .swap_in()
        .map_err(|e| BuildFailure::single(cannot_write(e)))?;
    let mut timings = rendered.timings;
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
    })
}
