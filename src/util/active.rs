//! Active content in a static SVG or HTML file: what a browser would run on the site's origin
//! (`<script>`, `on…` event handlers, `javascript:` URLs, `<foreignObject>`, frames and plugins).
//!
//! A small tag scanner rather than a sanitiser crate: the build refuses such a file with the line
//! and column instead of rewriting it (an editor's picture is never silently changed), so only
//! finding is needed, and ammonia, the sanitiser used for stories, knows HTML but not SVG. It errs
//! on the side of finding: anything that looks like a tag is read as one, also inside comments'
//! neighbours and CDATA-free text. Not a validator of the markup.

/// One thing that would run: its byte offset in the text and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Active {
    pub offset: usize,
    pub what: String,
}

/// Elements that run code or embed another document.
const ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "frame",
    "object",
    "embed",
    "handler",
    "listener",
];

/// URL schemes that run code when followed or loaded.
const SCHEMES: &[&str] = &[
    "javascript:",
    "vbscript:",
    "data:text/html",
    "data:image/svg",
];

/// Whether a static file of this name is checked (SVG and HTML: what a browser renders with scripts).
pub fn is_checked(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".svg", ".html", ".htm", ".xhtml", ".xht", ".shtml"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Everything in `text` that would run, in order.
pub fn find(text: &str) -> Vec<Active> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(lt) = text[i..].find('<').map(|o| i + o) {
        i = lt + 1;
        if text[i..].starts_with("!--") {
            // A comment runs nothing; skip to its end.
            i = text[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let name_start = i + usize::from(closing);
        let name_end = text[name_start..]
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .map_or(bytes.len(), |e| name_start + e);
        let name = text[name_start..name_end].to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let local = name.rsplit(':').next().unwrap_or(&name);
        // An element is reported at its start tag; its end tag runs nothing more.
        if ELEMENTS.contains(&local) && !closing {
            found.push(Active {
                offset: lt,
                what: format!("a <{}> element", &text[name_start..name_end]),
            });
        }
        i = attributes(text, name_end, &mut found);
    }
    found
}

/// Reads the attributes of a tag from `i` to its `>`; returns the offset after it.
fn attributes(text: &str, mut i: usize, found: &mut Vec<Active>) -> usize {
    let bytes = text.as_bytes();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return i;
        }
        if bytes[i] == b'>' {
            return i + 1;
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"=>/".contains(&bytes[i]) {
            i += 1;
        }
        let name = text[name_start..i].to_ascii_lowercase();
        let local = name.rsplit(':').next().unwrap_or(&name);
        if local.starts_with("on") && local.len() > 2 {
            found.push(Active {
                offset: name_start,
                what: format!("an event handler `{}`", &text[name_start..i]),
            });
        }
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let value_start = i;
        let value = match bytes.get(i) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let end = text[i + 1..]
                    .find(q as char)
                    .map_or(bytes.len(), |e| i + 1 + e);
                let v = &text[i + 1..end];
                i = (end + 1).min(bytes.len());
                v
            }
            _ => {
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                &text[value_start..i]
            }
        };
        let plain = decoded(value);
        if let Some(scheme) = SCHEMES.iter().find(|s| plain.starts_with(*s)) {
            found.push(Active {
                offset: value_start,
                what: format!(
                    "a `{scheme}` URL in `{}`",
                    &text[name_start..name_start + name.len()]
                ),
            });
        }
    }
}

/// An attribute value as a browser compares its scheme: character references decoded, ASCII
/// whitespace and control characters dropped, lowercase.
fn decoded(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        if c == '&'
            && let Some((ch, len)) = reference(rest)
        {
            out.push(ch);
            rest = &rest[len..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A character reference at the start of `s` (`&#106;`, `&#x6A;`, `&colon;`, `&Tab;`…, the `;`
/// optional as browsers allow): the character and the length read.
fn reference(s: &str) -> Option<(char, usize)> {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (num, 10, 2),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        let code = u32::from_str_radix(&digits[..len], radix).ok()?;
        let semi = usize::from(digits[len..].starts_with(';'));
        return Some((
            char::from_u32(code).unwrap_or('\u{fffd}'),
            skip + len + semi,
        ));
    }
    for (name, ch) in [("colon", ':'), ("tab", '\t'), ("newline", '\n')] {
        if body
            .get(..name.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(name))
        {
            let semi = usize::from(body[name.len()..].starts_with(';'));
            return Some((ch, 1 + name.len() + semi));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whats(text: &str) -> Vec<String> {
        find(text).into_iter().map(|a| a.what).collect()
    }

    #[test]
    fn scripts_handlers_and_script_urls_are_found() {
        for payload in [
            "<svg><script>alert(1)</script></svg>",
            "<svg onload=alert(1)>",
            "<svg/onload=alert(1)>",
            "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            "<svg><a href=\" &#106;ava&#x73;cript&colon;alert(1)\">x</a></svg>",
            "<svg><a href=\"java\tscript:alert(1)\">x</a></svg>",
            "<svg><foreignObject><div>x</div></foreignObject></svg>",
            "<svg><svg:script>alert(1)</svg:script></svg>",
            "<html><body><img src=x OnError='alert(1)'></body></html>",
            "<svg><set attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>",
            "<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>",
            "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        ] {
            assert!(!find(payload).is_empty(), "{payload}");
        }
        assert_eq!(
            whats("<svg onload=alert(1)>"),
            ["an event handler `onload`"]
        );
        assert_eq!(
            whats("<svg><script>alert(1)</script></svg>"),
            ["a <script> element"],
            "reported once, at its start tag"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_scanned_without_panicking(text in "[<>&#;a-z0-9=\"' /:中\t-]{0,64}") {
            let _ = find(&text);
            let _ = decoded(&text);
        }
    }

    #[test]
    fn ordinary_pictures_and_pages_pass() {
        for clean in [
            "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><!-- <script> in a comment --><rect width=\"10\" height=\"10\" fill=\"#c00\"/><text>on time</text></svg>",
            "<!doctype html><html><head><title>说明</title><style>a{color:red}</style></head><body><a href=\"https://example.gov.cn/\">链接</a><p>one &lt; two</p></body></html>",
            "<svg><a href=\"#top\" data-online=\"1\">x</a></svg>",
            "a < b and c > d",
        ] {
            assert!(find(clean).is_empty(), "{clean}: {:?}", whats(clean));
        }
    }
}
