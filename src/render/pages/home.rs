//! The home page: headline figures, every metric against its target, the latest stories.

use tera::Context;

use crate::charts::ChartSpec;
use crate::model::Site;
use crate::render::views::{FactView, Linker};
use crate::url;

/// How many of the newest stories the home page lists.
const LATEST_STORIES: usize = 5;

pub fn home(site: &Site, l: &Linker, ctx: &mut Context) -> Vec<ChartSpec> {
    let headline: Vec<FactView> = site.headline_facts().map(|f| l.fact(f)).collect();
    ctx.insert("title", &site.settings.title);
    ctx.insert("facts", &headline);
    ctx.insert(
        "metrics",
        &(0..site.metrics.len())
            .map(|m| l.metric_row(m))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "stories",
        &(0..site.stories.len().min(LATEST_STORIES))
            .map(|s| l.story_card(s))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "counts",
        &[
            ("单位", site.units.len(), l.url(url::UNITS)),
            ("“五零”岗位", site.posts.len(), l.url(url::POSTS)),
            ("重点项目", site.projects.len(), l.url(url::PROJECTS)),
            ("指标", site.metrics.len(), l.url(url::METRICS)),
            ("报道", site.stories.len(), l.url(url::STORIES)),
        ],
    );
    let mut charts = Vec::new();
    if !site.metrics.is_empty() {
        charts.push(ChartSpec::MetricTrend(0));
    }
    charts.push(ChartSpec::InvestmentByCounty);
    charts
}
