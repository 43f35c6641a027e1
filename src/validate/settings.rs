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
        if let Some(problem) = base_url_problem(&base_url) {
            let help = "write the address the site is published at, e.g. `https://example.gov.cn/wuxing/`: http or https, a host, an optional path; no user name, password, query or #fragment";
            let shown = base_url.escape_debug();
            if options.base_url.is_some() {
                // Blamed where it was given, not on data/site.yaml (whose own URL may be fine).
                self.error(
                    std::path::Path::new(crate::diagnostics::COMMAND_LINE),
                    crate::diagnostics::Position::default(),
                    format!("--base-url `{shown}` {problem}"),
                    help,
                );
            } else {
                self.error(
                    file,
                    pos(&raw.base_url),
                    format!("base_url `{shown}` {problem}"),
                    help,
                );
            }
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
        let utc_offset_minutes = match &raw.timezone {
            None => DEFAULT_UTC_OFFSET_MINUTES,
            Some(tz) => match utc_offset_minutes(&tz.value) {
                Some(m) => m,
                None => {
                    self.error(
                        file,
                        pos(tz),
                        format!("timezone `{}` is not a time zone tongbao knows", tz.value.escape_debug()),
                        "write `Asia/Shanghai` (the default), another fixed-offset zone such as `Asia/Hong_Kong` or `UTC`, or an offset such as `+08:00`",
                    );
                    DEFAULT_UTC_OFFSET_MINUTES
                }
            },
        };
        let language = match &raw.language {
            Some(l) => self
                .lang(file, Some(l))
                .unwrap_or_else(|| DEFAULT_LANGUAGE.to_string()),
            None => DEFAULT_LANGUAGE.to_string(),
        };
        let identity = raw
            .identity
            .as_ref()
            .map(|i| self.identity(file, i))
            .unwrap_or_default();
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
            utc_offset_minutes,
            language,
            identity,
        })
    }

    /// The site's identity: empty texts count as absent; the email and the feedback address
    /// must be ones a reader can use.
    fn identity(&mut self, file: &std::path::Path, raw: &RawIdentity) -> Identity {
        let text = |t: &Option<String>| {
            t.as_ref()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
        };
        let email = raw.email.as_ref().and_then(|e| {
            let value = e.value.trim();
            let ok = value.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty() && host.contains('.') && !value.contains(char::is_whitespace)
            });
            if !ok {
                self.error(
                    file,
                    pos(e),
                    format!(
                        "identity.email `{}` is not an email address",
                        value.escape_debug()
                    ),
                    "write the press office's address, e.g. `xcb@example.gov.cn`",
                );
            }
            ok.then(|| value.to_string())
        });
        let feedback_url = raw.feedback_url.as_ref().and_then(|u| {
            let value = u.value.trim();
            // A form's address may carry a ?query, which a base URL may not.
            let web = base_url_problem(value.split(['?', '#']).next().unwrap_or(""))
                .is_none()
                && !value.contains(|c: char| c.is_whitespace() || "\"<>'`".contains(c));
            let ok = web || (value.starts_with("mailto:") && value.contains('@'));
            if !ok {
                self.error(
                    file,
                    pos(u),
                    format!("identity.feedback_url `{}` is not an http(s) or mailto: address", value.escape_debug()),
                    "write the full address of the correction form, e.g. `https://example.gov.cn/jiucuo/`, or `mailto:xcb@example.gov.cn`",
                );
            }
            ok.then(|| value.to_string())
        });
        Identity {
            sponsor: text(&raw.sponsor),
            undertaker: text(&raw.undertaker),
            phone: text(&raw.phone),
            email,
            icp: text(&raw.icp),
            police_record: text(&raw.police_record),
            site_code: text(&raw.site_code),
            feedback_url,
            example: raw.example,
        }
    }
}

/// The site's language unless `site.yaml` names one.
pub const DEFAULT_LANGUAGE: &str = "zh-CN";
/// Beijing time, the zone of `Asia/Shanghai`.
pub const DEFAULT_UTC_OFFSET_MINUTES: i32 = 8 * 60;

/// The offset from UTC of a time zone without daylight saving: the zones of China and its
/// neighbours by name, `UTC`, or `+HH:MM` / `-HH:MM`.
pub fn utc_offset_minutes(zone: &str) -> Option<i32> {
    let named = match zone {
        "Asia/Shanghai" | "Asia/Chongqing" | "Asia/Harbin" | "Asia/Urumqi" | "Asia/Hong_Kong"
        | "Asia/Macau" | "Asia/Taipei" | "Asia/Singapore" | "PRC" => Some(8 * 60),
        "UTC" | "Etc/UTC" | "GMT" => Some(0),
        "Asia/Tokyo" | "Asia/Seoul" => Some(9 * 60),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    let (sign, rest) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    ((0..=14).contains(&h) && (0..60).contains(&m)).then_some(sign * (h * 60 + m))
}

/// Why `url` cannot be the site's base URL, if it cannot: every canonical link, feed and sitemap
/// entry starts with it, so a password in it would be published on every page.
pub fn base_url_problem(url: &str) -> Option<&'static str> {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Some("is not an absolute http(s) URL");
    };
    if url.chars().any(|c| c.is_control() || c.is_whitespace())
        || url.contains(['"', '<', '>', '\'', '\\', '`', '{', '}', '|', '^'])
    {
        return Some("holds a space, quote or other character that is not allowed in a URL");
    }
    let authority = rest.split('/').next().unwrap_or("");
    if authority.contains('@') {
        return Some(
            "holds a user name or password (`user:pass@`), which would be published in every link",
        );
    }
    if authority.is_empty() || authority.starts_with(':') {
        return Some("has no host name");
    }
    if url.contains('#') {
        return Some("ends in a #fragment, which cannot start the address of other pages");
    }
    if url.contains('?') {
        return Some("holds a ?query, which cannot start the address of other pages");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::base_url_problem;

    #[test]
    fn a_base_url_with_credentials_fragment_or_query_is_refused() {
        for good in [
            "https://example.gov.cn/wuxing/",
            "http://localhost:8080",
            "https://x.cn",
        ] {
            assert_eq!(base_url_problem(good), None, "{good}");
        }
        for (bad, why) in [
            ("https://user:pass@example.gov.cn/", "password"),
            ("https://example.gov.cn/#top", "#fragment"),
            ("https://example.gov.cn/?a=1", "?query"),
            ("https:///path", "no host"),
            ("ftp://example.gov.cn/", "absolute http"),
            ("https://example.gov.cn/a b", "space"),
        ] {
            assert!(base_url_problem(bad).unwrap().contains(why), "{bad}");
        }
    }
}
