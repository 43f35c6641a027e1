//! Export: the site's files that are not pages: the whole dataset for download (CSV and JSON), the
//! Atom feeds and sitemap, and the search index. Each is a function of the model (and, for feeds and
//! the sitemap, the route table), handed to the build's sink like any page.

pub mod chart_files;
pub mod dataset;
pub mod feeds;
pub mod search;
