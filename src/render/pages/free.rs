//! Free pages (`content/pages/<slug>.md`): 关于本站, 数据说明, 更正 and whatever else an office
//! writes by hand, in the same Markdown as stories.

use serde::Serialize;
use tera::Context;

use crate::charts::ChartSpec;
use crate::model::{PageIx, Site};
use crate::render::views::Linker;

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    summary: &'a str,
    body_html: &'a str,
    /// The page's language when it is not the site's: its `<article lang>`.
    lang: Option<&'a str>,
}

pub fn page(site: &Site, _l: &Linker, p: PageIx, ctx: &mut Context) -> Vec<ChartSpec> {
    let page = &site.pages[p];
    ctx.insert("title", &page.title);
    ctx.insert("page_description", &page.summary);
    ctx.insert(
        "page",
        &PageView {
            title: &page.title,
            summary: &page.summary,
            body_html: &page.body_html,
            lang: site.settings.other_language(page.lang.as_deref()),
        },
    );
    Vec::new()
}
