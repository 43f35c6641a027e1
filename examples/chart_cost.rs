//! Measures what charts cost in a build: `cargo run --release --example chart_cost [SITE_ROOT]`.
//!
//! Prints the median of several runs for: the whole in-memory render; drawing every chart of the
//! catalogue once; writing the chart and dataset files; the pages' chart views (from the charts
//! drawn once); and 100 inline
//! sparklines (the cost of a table with 100 metric rows).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tongbao::charts;
use tongbao::{BuildOptions, render_site};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let options = BuildOptions {
        root,
        ..BuildOptions::default()
    };
    let rendered = match render_site(&options) {
        Ok(r) => r,
        Err(f) => {
            eprint!("{}", f.render());
            std::process::exit(1);
        }
    };
    let site = &rendered.model;
    let runs = 21;
    let whole = time(runs, || render_site(&options).map(|r| r.outputs.len()).ok());
    let catalogue = time(runs, || charts::build_all(site));
    let drawn = charts::ChartSet::draw(site);
    let files = time(runs, || {
        tongbao::output::in_memory(|sink| tongbao::export::chart_files::outputs(site, &drawn, sink))
    });
    let views = time(runs, || {
        drawn
            .all()
            .iter()
            .map(|c| {
                tongbao::render::charts::ChartView::new(site, c, "")
                    .svg
                    .len()
            })
            .sum::<usize>()
    });
    let metric = &site.metrics[0];
    let sparks = time(runs, || {
        (0..100)
            .map(|_| charts::inline::metric_sparkline(metric, site.settings.as_of).len())
            .sum::<usize>()
    });
    let spark_bytes = charts::inline::metric_sparkline(metric, site.settings.as_of).len();
    let bars = time(runs, || {
        (0..100)
            .map(|i| charts::inline::progress_bar(i as f64, "已完成").len())
            .sum::<usize>()
    });
    let chart_bytes: usize = rendered
        .outputs
        .iter()
        .filter(|o| o.path.starts_with("charts/"))
        .map(|o| o.bytes.len())
        .sum();
    println!(
        "site: {} pages, {} charts, {} chart files ({} KB), {} threads",
        rendered.pages,
        rendered.charts,
        rendered
            .outputs
            .iter()
            .filter(|o| o.path.starts_with("charts/"))
            .count(),
        chart_bytes / 1024,
        rayon::current_num_threads()
    );
    println!(
        "whole render (load → render, no write), median of {runs}: {:.2} ms",
        whole.as_secs_f64() * 1e3
    );
    println!(
        "  draw every chart once (parallel):          {:.2} ms",
        catalogue.as_secs_f64() * 1e3
    );
    println!(
        "  chart + dataset files (CSV, JSON, SVG):    {:.2} ms",
        files.as_secs_f64() * 1e3
    );
    println!(
        "  a page view of every chart (serial, from the drawn set): {:.2} ms",
        views.as_secs_f64() * 1e3
    );
    println!(
        "100 metric sparklines: {:.1} µs ({spark_bytes} bytes each)",
        sparks.as_secs_f64() * 1e6
    );
    println!("100 progress bars:     {:.1} µs", bars.as_secs_f64() * 1e6);
}
