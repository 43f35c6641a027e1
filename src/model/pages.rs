//! Free pages (`content/pages/<slug>.md` → `/<slug>/`): 关于本站, 数据说明, 更正 and the like,
//! written in the same Markdown as stories and linked from the navigation or the footer.

/// Where a page is linked from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Menu {
    /// In the main navigation, after the site's own sections.
    Nav,
    /// In the footer, beside the site's identity.
    Footer,
    /// Linked from nowhere but the sitemap, search and the pages that link to it.
    None,
}

impl Menu {
    /// The values `menu:` may take, for the help line.
    pub const NAMES: [&'static str; 3] = ["nav", "footer", "none"];

    /// The menu a front-matter value names.
    pub fn parse(text: &str) -> Option<Menu> {
        match text {
            "nav" => Some(Menu::Nav),
            "footer" => Some(Menu::Footer),
            "none" => Some(Menu::None),
            _ => None,
        }
    }
}

/// A free page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file name without `.md`: the page lives at `/<slug>/`.
    pub slug: String,
    pub title: String,
    /// The summary from the front matter, or (once rendered) the body's first paragraph.
    pub summary: String,
    pub summary_from_body: bool,
    pub menu: Menu,
    /// Its place in its menu: smaller first, then by slug.
    pub order: i64,
    /// The language of its text when it differs from the site's (a BCP 47 tag).
    pub lang: Option<String>,
    /// The body as written, in Markdown.
    pub markdown: String,
    /// The body rendered to HTML (by `markdown::render_bodies`, after `plan`).
    pub body_html: String,
    /// Headings of the body: (level, id, text).
    pub headings: Vec<(u8, String, String)>,
    /// Plain text of the body, for search.
    pub plain_text: String,
}
