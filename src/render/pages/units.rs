//! The unit directory and each unit's page: honours, four-colour ratings, satisfaction, its posts,
//! projects and stories.

use serde::Serialize;
use tera::Context;

use crate::charts::ChartSpec;
use crate::model::{Site, UnitIx};
use crate::render::views::{Linker, ProvenanceView};

pub fn list(site: &Site, l: &Linker, ctx: &mut Context) -> Vec<ChartSpec> {
    ctx.insert("title", "单位名录");
    ctx.insert(
        "units",
        &(0..site.units.len())
            .map(|u| l.unit_row(u))
            .collect::<Vec<_>>(),
    );
    vec![ChartSpec::RatingsByYear]
}

pub fn unit(site: &Site, l: &Linker, u: UnitIx, ctx: &mut Context) -> Vec<ChartSpec> {
    let unit = &site.units[u];
    ctx.insert("title", &unit.name);
    ctx.insert("unit", &l.unit_row(u));
    ctx.insert("summary", &unit.summary);
    ctx.insert("provenance", &l.provenance(unit.provenance));
    ctx.insert(
        "honours",
        &unit
            .honours
            .iter()
            .map(|h| HonourView {
                title: &h.title,
                year: h.year,
                batch: &h.batch,
                provenance: l.provenance(h.provenance),
            })
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "ratings",
        &unit.ratings.iter().map(Linker::rating).collect::<Vec<_>>(),
    );
    ctx.insert(
        "admonition",
        &unit.admonition().map(|a| format!("{}。", a.clause())),
    );
    ctx.insert(
        "satisfaction",
        &unit
            .satisfaction
            .iter()
            .map(|r| Linker::reading(r, "%"))
            .collect::<Vec<_>>(),
    );
    ctx.insert("posts", &l.post_rows(&unit.posts));
    ctx.insert("projects", &l.project_rows(&unit.projects_led));
    ctx.insert("stories", &l.story_cards(&unit.stories));
    vec![ChartSpec::UnitRatings(u)]
}

#[derive(Serialize)]
struct HonourView<'a> {
    title: &'a str,
    year: i32,
    batch: &'a str,
    provenance: ProvenanceView<'a>,
}
