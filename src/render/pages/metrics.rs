//! The metrics: the list against targets and each metric's page with its readings in words.

use tera::Context;

use crate::charts::ChartSpec;
use crate::model::Site;
use crate::render::views::Linker;

pub fn list(site: &Site, l: &Linker, ctx: &mut Context) -> Vec<ChartSpec> {
    ctx.insert("title", "目标指标");
    ctx.insert(
        "metrics",
        &(0..site.metrics.len())
            .map(|m| l.metric_row(m))
            .collect::<Vec<_>>(),
    );
    Vec::new()
}

pub fn metric(site: &Site, l: &Linker, m: usize, ctx: &mut Context) -> Vec<ChartSpec> {
    let metric = &site.metrics[m];
    ctx.insert("title", &metric.name);
    ctx.insert("metric", &l.metric_row(m));
    let provenance = super::changes::record_history(
        site,
        l,
        crate::model::RecordKind::Metric,
        &metric.id,
        l.provenance(metric.provenance),
        metric.latest_reading(site.settings.as_of).map(|r| r.date),
        ctx,
    );
    ctx.insert("provenance", &provenance);
    ctx.insert("summary", &metric.summary);
    ctx.insert("unit_label", &metric.unit_label);
    ctx.insert(
        "baseline",
        &metric
            .baseline
            .as_ref()
            .map(|b| Linker::reading(b, &metric.unit_label)),
    );
    ctx.insert(
        "observations",
        &metric
            .observations
            .iter()
            .map(|r| Linker::reading(r, &metric.unit_label))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "status_sentence",
        &metric.status_sentence(site.settings.as_of),
    );
    vec![ChartSpec::MetricTrend(m)]
}
