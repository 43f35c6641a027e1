//! The site settings (`data/site.yaml`): title, base URL, reporting date, paging.

use super::ValidateOptions;
use super::{Validator, pos};
use crate::load::Loaded;
use crate::load::records::*;
use crate::model::*;

/// How many times its plan a project may report invested before a warning, unless `site.yaml`
/// sets `investment_warning_factor`.
pub const DEFAULT_INVESTMENT_WARNING_FACTOR: f64 = 3.0;

impl Validator<'_> {
    pub(super) fn settings(
        &mut self,
        site: Option<&Loaded<RawSite>>,
        options: &ValidateOptions,
    ) -> Option<Settings> {
        let site = site?;
        let (file, raw) = (&site.file, &site.record);
        let base_url = options
            .base_url
            .clone()
            .unwrap_or_else(|| raw.base_url.value.clone());
        let base_ok = (base_url.starts_with("https://") || base_url.starts_with("http://"))
            && !base_url.contains(['"', '<', '>', ' ', '\'', '\\']);
        if !base_ok {
            self.error(
                file,
                pos(&raw.base_url),
                format!("`{base_url}` is not an absolute http(s) URL"),
                "write the address the site is published at, e.g. `https://example.gov.cn/wuxing/`",
            );
        }
        let as_of = match options.as_of {
            Some(d) => Some(d),
            None => self.date(file, &raw.as_of, false, "as_of"),
        };
        let stories_per_page = match &raw.stories_per_page {
            Some(n) if !(1..=1000).contains(&n.value) => {
                self.error(
                    file,
                    pos(n),
                    format!("stories_per_page is {}, outside 1–1000", n.value),
                    "a number such as 10",
                );
                10
            }
            Some(n) => n.value as usize,
            None => 10,
        };
        let investment_warning_factor = match &raw.investment_warning_factor {
            Some(f) if !(f.value.is_finite() && f.value >= 1.0) => {
                self.error(
                    file,
                    pos(f),
                    format!("investment_warning_factor is {}, below 1", f.value),
                    "a factor such as 3: a project that invested more than 3 times its plan gets a warning",
                );
                DEFAULT_INVESTMENT_WARNING_FACTOR
            }
            Some(f) => f.value,
            None => DEFAULT_INVESTMENT_WARNING_FACTOR,
        };
        let mut base_url = base_url;
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        Some(Settings {
            title: raw.title.clone(),
            description: raw.description.clone(),
            base_url,
            as_of: as_of?,
            stories_per_page,
            publisher: raw.publisher.clone(),
            allow_raw_html: raw.allow_raw_html,
            investment_warning_factor,
        })
    }
}
