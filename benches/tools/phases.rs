//! Where a build's time goes: runs tongbao's stages one by one on a site and prints the wall time of
//! each (load, templates, validate, plan, markdown, render and write, swap) and the peak memory so far, to
//! guide profiling.
//!
//! ```text
//! phases SITE OUT
//! ```

use std::path::Path;
use std::time::Instant;

use tongbao::diagnostics::{Diagnostics, SourceMap};
use tongbao::{load, markdown, plan, render, theme, validate, write};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(root), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: phases SITE OUT");
        std::process::exit(2);
    };
    let root = Path::new(root);
    let mut sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    let mut last = Instant::now();
    let mut lap = |stage: &str| {
        let now = Instant::now();
        println!(
            "{stage:<12} {:>8.1} ms   peak RSS so far {}",
            (now - last).as_secs_f64() * 1000.0,
            peak_rss()
        );
        last = now;
    };
    let raw = load::load_site(root, &mut sources, &mut diags);
    lap("load");
    let tera = theme::load_templates(root, &mut sources, &mut diags);
    lap("templates");
    let model = validate::validate(raw, &validate::ValidateOptions::default(), &mut diags);
    lap("validate");
    let (Some(mut model), Some(tera)) = (model, tera) else {
        eprintln!("the site has errors: run `tongbao build` on it");
        std::process::exit(1);
    };
    let routes = plan::plan(&model);
    lap("plan");
    markdown::render_bodies(&mut model, &routes);
    lap("markdown");
    let claim = match write::claim(root, Path::new(out), &|note| eprintln!("{note}")) {
        Ok(c) => c,
        Err(refusal) => {
            eprintln!("{}\n{}", refusal.message, refusal.help);
            std::process::exit(1);
        }
    };
    let staging = match claim.stage() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot write: {e}");
            std::process::exit(1);
        }
    };
    let drawn = tongbao::charts::ChartSet::draw(&model);
    let pages = render::render_pages(&model, &drawn, &tera, &routes, &mut diags, &|o| {
        staging.write(&o).map_err(|e| {
            tongbao::diagnostics::Diagnostic::error(out, Default::default(), e.to_string())
        })
    });
    lap("render+write");
    if diags.has_errors() {
        eprintln!("the site has errors: run `tongbao build` on it");
        std::process::exit(1);
    }
    if let Err(e) = staging.swap_in() {
        eprintln!("cannot write: {e}");
        std::process::exit(1);
    }
    lap("swap");
    println!("{pages} pages");
}

/// The process's peak resident memory so far (`VmHWM` in /proc/self/status, Linux only).
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}
