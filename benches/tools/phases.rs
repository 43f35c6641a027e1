//! Where a build's time goes: runs tongbao's stages one by one on a site and prints the wall time of
//! each (load, templates, validate, plan, render, write), to guide profiling.
//!
//! ```text
//! phases SITE OUT
//! ```

use std::path::Path;
use std::time::Instant;

use tongbao::diagnostics::{Diagnostics, SourceMap};
use tongbao::{load, plan, render, validate, write};

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
            "{stage:<10} {:>8.1} ms",
            (now - last).as_secs_f64() * 1000.0
        );
        last = now;
    };
    let raw = load::load_site(root, &mut sources, &mut diags);
    lap("load");
    let tera = render::load_templates(root, &mut sources, &mut diags);
    lap("templates");
    let model = validate::validate(raw, &validate::ValidateOptions::default(), &mut diags);
    lap("validate");
    let (Some(model), Some(tera)) = (model, tera) else {
        eprintln!("the site has errors: run `tongbao build` on it");
        std::process::exit(1);
    };
    let routes = plan::plan(&model);
    lap("plan");
    let outputs = render::render_pages(&model, &tera, &routes, &mut diags);
    lap("render");
    if let Err(e) = write::write_site(Path::new(out), &outputs) {
        eprintln!("cannot write: {e}");
        std::process::exit(1);
    }
    lap("write");
    println!("{} pages", outputs.len());
}
