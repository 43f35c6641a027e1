//! /changes/ (本期更新): what changed since the previous publication, line by line with links; the
//! list of publications; an archive page per earlier publication; and the short page a removed
//! record keeps at its old address.

use serde::Serialize;
use tera::Context;

use crate::charts::ChartSpec;
use crate::model::{ChangeSection, Publication, RecordKind, Site};
use crate::render::views::{Linker, ProvenanceView};
use crate::url;
use crate::util::date::Date;

#[derive(Serialize)]
struct PublicationView {
    as_of: String,
    as_of_iso: String,
    published: String,
    commit: Option<String>,
    url: String,
    changes: usize,
    current: bool,
    shown: bool,
}

#[derive(Serialize)]
struct SectionView {
    heading: &'static str,
    items: Vec<ItemView>,
}

#[derive(Serialize)]
struct ItemView {
    kind: &'static str,
    name: String,
    url: Option<String>,
    text: String,
}

#[derive(Serialize)]
struct DataFileView {
    name: String,
    url: String,
}

fn publication_view(site: &Site, l: &Linker, i: usize, shown: usize) -> PublicationView {
    let h = &site.history;
    let p: &Publication = &h.publications[i];
    let current = i + 1 == h.publications.len();
    PublicationView {
        as_of: p.as_of.chinese(),
        as_of_iso: p.as_of.to_string(),
        published: p.published.chinese(),
        commit: p.commit.clone(),
        url: l.url(&if current {
            url::CHANGES.to_string()
        } else {
            url::changes_archive(&p.as_of.to_string())
        }),
        changes: p.changes.len(),
        current,
        shown: i == shown,
    }
}

/// What changed in publication `i` (the current one on /changes/), and every publication.
pub fn changes(site: &Site, l: &Linker, i: usize, ctx: &mut Context) -> Vec<ChartSpec> {
    let h = &site.history;
    ctx.insert("unavailable", &h.unavailable);
    ctx.insert("feed_url", &l.url(url::CHANGES_FEED));
    let Some(p) = h.publications.get(i) else {
        ctx.insert("title", "本期更新");
        ctx.insert("publication", &None::<PublicationView>);
        return Vec::new();
    };
    let current = i + 1 == h.publications.len();
    ctx.insert(
        "title",
        &if current {
            "本期更新".to_string()
        } else {
            format!("数据截至{}的一期", p.as_of.chinese())
        },
    );
    ctx.insert("is_current", &current);
    ctx.insert("publication", &Some(publication_view(site, l, i, i)));
    ctx.insert(
        "previous",
        &i.checked_sub(1)
            .map(|prev| publication_view(site, l, prev, i)),
    );
    let mut sections: Vec<SectionView> = Vec::new();
    for change in &p.changes {
        let item = ItemView {
            kind: change.kind.label(),
            name: change.name.clone(),
            url: change.path.as_ref().map(|path| {
                let removed_page =
                    change.section == ChangeSection::Removed && !change.kind.has_own_page();
                if removed_page {
                    l.url(url::CHANGES)
                } else {
                    l.url(path)
                }
            }),
            text: change.text.clone(),
        };
        match sections.last_mut() {
            Some(s) if s.heading == change.section.heading() => s.items.push(item),
            _ => sections.push(SectionView {
                heading: change.section.heading(),
                items: vec![item],
            }),
        }
    }
    ctx.insert("sections", &sections);
    let mut unreadable: Vec<String> = Vec::new();
    for q in &h.publications {
        for note in &q.unreadable {
            unreadable.push(format!("{}期 {note}", q.as_of.chinese()));
        }
    }
    ctx.insert("unreadable", &unreadable);
    ctx.insert(
        "publications",
        &(0..h.publications.len())
            .rev()
            .map(|j| publication_view(site, l, j, i))
            .collect::<Vec<_>>(),
    );
    let data_files: Vec<DataFileView> = if current {
        Vec::new()
    } else {
        p.data_files
            .iter()
            .map(|(file, _)| DataFileView {
                name: file.clone(),
                url: l.url(&url::data_archive(&p.as_of.to_string(), file)),
            })
            .collect()
    };
    ctx.insert("data_files", &data_files);
    Vec::new()
}

/// A 修订记录 line: a figure revised in a publication (linked to that publication's changes).
#[derive(Serialize)]
pub struct RevisionView {
    publication: String,
    url: String,
    figure: String,
    before: String,
    after: String,
}

/// Puts a record's two dates into its provenance line (数据截至 `data_as_of`, 最后更新 from the
/// history) and its 修订记录 into `ctx` as `revisions`.
pub fn record_history<'a>(
    site: &Site,
    l: &Linker,
    kind: RecordKind,
    id: &str,
    mut provenance: ProvenanceView<'a>,
    data_as_of: Option<Date>,
    ctx: &mut Context,
) -> ProvenanceView<'a> {
    let h = &site.history;
    provenance.data_as_of = data_as_of.map(|d| d.chinese());
    provenance.updated = h.last_updated(kind, id).map(|d| d.chinese());
    let revisions: Vec<RevisionView> = h
        .revisions_of(kind, id)
        .iter()
        .map(|r| {
            let p = publication_view(site, l, r.publication, usize::MAX);
            RevisionView {
                publication: p.as_of,
                url: p.url,
                figure: r.figure.clone(),
                before: r.before.clone(),
                after: r.after.clone(),
            }
        })
        .collect();
    ctx.insert("revisions", &revisions);
    provenance
}

/// The page of a record that an earlier publication had and the current one has not.
pub fn removed(site: &Site, l: &Linker, i: usize, ctx: &mut Context) -> Vec<ChartSpec> {
    let h = &site.history;
    let r = &h.removed[i];
    ctx.insert("title", &format!("{}（已删除）", r.name));
    ctx.insert("kind", r.kind.label());
    ctx.insert("name", &r.name);
    ctx.insert(
        "last_in",
        &publication_view(site, l, r.last_in, r.removed_in),
    );
    ctx.insert(
        "removed_in",
        &publication_view(site, l, r.removed_in, r.removed_in),
    );
    Vec::new()
}
