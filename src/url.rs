//! URLs of the site: the path a site is published under, and percent-encoding of path segments.
//!
//! Each URL shape the site uses is a function here, so that `check`, `serve` and the renderer
//! agree on it. This is not a URL parser: links found in pages are resolved by `check::links`,
//! request paths by `serve::http`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// The bytes a path segment keeps as they are: ASCII letters and digits and `-_.~` (RFC 3986's
/// unreserved characters); every other byte is written `%XX`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The path part of a base URL, with a leading and a trailing `/`: `/` for a site at the host
/// root (`https://x.cn`, `https://x.cn/`), `/a/` for `https://x.cn/a` and `https://x.cn/a/`.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// Percent-encodes one URL path segment (for tags, which may be Chinese or hold spaces), with
/// upper-case hex digits.
pub fn segment(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, SEGMENT).to_string()
}

/// Decodes `%XX` escapes once; `None` if an escape is malformed (not `%` and two hex digits) or
/// the result is not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    // The crate passes malformed escapes through as text; a link or request holding one is wrong.
    let bytes = text.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_base_path_always_starts_and_ends_with_a_slash() {
        assert_eq!(base_path("https://x.cn"), "/");
        assert_eq!(base_path("https://x.cn/"), "/");
        assert_eq!(base_path("https://x.cn/a"), "/a/");
        assert_eq!(base_path("https://x.cn/a/"), "/a/");
        assert_eq!(base_path("https://example.gov.cn/wuxing/"), "/wuxing/");
        assert_eq!(base_path("http://x.cn/a/b/"), "/a/b/");
    }

    #[test]
    fn escapes_are_decoded_once_and_malformed_ones_refused() {
        assert_eq!(
            percent_decode("tags/%E9%9D%92%E5%B9%B4/").as_deref(),
            Some("tags/青年/")
        );
        assert_eq!(percent_decode("%252e").as_deref(), Some("%2e"));
        assert_eq!(percent_decode("a+b c").as_deref(), Some("a+b c"));
        for bad in ["%", "%4", "%zz", "%+1", "%é1", "%FF"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
    }

    /// The hand-written encoder this module replaced (from `plan::url_segment`).
    fn segment_by_hand(text: &str) -> String {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut out = String::new();
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                out.push(b as char);
            } else {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
        out
    }

    #[test]
    fn segments_are_encoded_with_upper_case_hex() {
        assert_eq!(segment("积分 制"), "%E7%A7%AF%E5%88%86%20%E5%88%B6");
        assert_eq!(segment("a-b_c.d~e/f%"), "a-b_c.d~e%2Ff%25");
    }

    proptest! {
        #[test]
        fn segment_encodes_exactly_as_the_hand_written_encoder(text in any::<String>()) {
            prop_assert_eq!(segment(&text), segment_by_hand(&text));
        }

        #[test]
        fn decoding_undoes_encoding(text in any::<String>()) {
            prop_assert_eq!(percent_decode(&segment(&text)), Some(text));
        }
    }
}
