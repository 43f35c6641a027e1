//! The five-zero posts: the list and each post's page with its five accounts.

use tera::Context;

use crate::charts::ChartSpec;
use crate::model::{FIVE_ZEROS, PostIx, Site};
use crate::render::views::Linker;

pub fn list(site: &Site, l: &Linker, ctx: &mut Context) -> Vec<ChartSpec> {
    ctx.insert("title", "“五零”岗位");
    ctx.insert(
        "posts",
        &(0..site.posts.len())
            .map(|p| l.post_row(p))
            .collect::<Vec<_>>(),
    );
    vec![ChartSpec::PostsHonoursByCounty]
}

pub fn post(site: &Site, l: &Linker, p: PostIx, ctx: &mut Context) -> Vec<ChartSpec> {
    let post = &site.posts[p];
    ctx.insert("title", &post.name);
    ctx.insert("post", &l.post_row(p));
    ctx.insert("batch", &post.batch);
    ctx.insert("quote", &post.quote);
    ctx.insert(
        "zeros",
        &FIVE_ZEROS
            .iter()
            .zip(&post.zeros)
            .map(|((id, name), text)| (*id, *name, text.as_str()))
            .collect::<Vec<_>>(),
    );
    let provenance = super::changes::record_history(
        site,
        l,
        crate::model::RecordKind::Post,
        &post.id,
        l.provenance(post.provenance),
        None,
        ctx,
    );
    ctx.insert("provenance", &provenance);
    ctx.insert("stories", &l.story_cards(&post.stories));
    Vec::new()
}
