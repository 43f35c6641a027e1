//! A small scan of rendered HTML for what link checking needs: every tag's `id` (and `<a name>`)
//! and every `href` and `src`, with character references in their values decoded.
//!
//! It is hand-written rather than a parser crate because it only has to read the HTML our
//! templates and pulldown-cmark produce, and it must report each value's byte offset in the page
//! (to point at the line when no source file wrote the link). It skips comments and the bodies of
//! `<script>` and `<style>`; it is not a general HTML parser and does not build a tree. Entity
//! decoding covers the five XML entities and numeric references; other named references
//! (`&nbsp;`, …) are left as written.

use std::collections::BTreeSet;

/// A link found in a rendered page.
pub(super) struct Link {
    /// The attribute value as written in the HTML (entities still encoded).
    pub raw: String,
    /// The value with entities decoded.
    pub value: String,
    /// Byte offset in the page.
    pub offset: usize,
}

/// What the scanner found in a page.
pub(super) struct Scan {
    pub ids: BTreeSet<String>,
    /// Ids given to a second element, with the byte offset of the second one.
    pub duplicate_ids: Vec<(String, usize)>,
    pub links: Vec<Link>,
}

/// Finds every tag's `id` (and `<a name>`), `href` and `src`, skipping comments and the bodies of
/// `<script>` and `<style>`.
pub(super) fn scan_html(html: &str) -> Scan {
    let mut scan = Scan {
        ids: BTreeSet::new(),
        duplicate_ids: Vec::new(),
        links: Vec::new(),
    };
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(start) = html[i..].find('<').map(|s| s + i) {
        if html[start..].starts_with("<!--") {
            i = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let name_start = start + 1;
        let name_end = html[name_start..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |e| name_start + e);
        let name = html[name_start..name_end].to_ascii_lowercase();
        let mut j = name_end;
        // Attributes.
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let attr_start = j;
            while j < bytes.len() && !bytes[j].is_ascii_whitespace() && !b"=>/".contains(&bytes[j])
            {
                j += 1;
            }
            let attr = html[attr_start..j].to_ascii_lowercase();
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = None;
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                    let quote = bytes[j] as char;
                    let v_start = j + 1;
                    let v_end = html[v_start..]
                        .find(quote)
                        .map_or(html.len(), |e| v_start + e);
                    value = Some((v_start, &html[v_start..v_end]));
                    j = (v_end + 1).min(html.len());
                } else {
                    let v_start = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = Some((v_start, &html[v_start..j]));
                }
            }
            if attr_start == j {
                j += 1;
            }
            if let Some((offset, raw)) = value {
                match attr.as_str() {
                    "id" => {
                        let id = decode_entities(raw);
                        if !scan.ids.insert(id.clone()) {
                            scan.duplicate_ids.push((id, offset));
                        }
                    }
                    "name" if name == "a" => {
                        scan.ids.insert(decode_entities(raw));
                    }
                    "href" | "src" => scan.links.push(Link {
                        raw: raw.to_string(),
                        value: decode_entities(raw),
                        offset,
                    }),
                    _ => {}
                }
            }
        }
        i = (j + 1).min(html.len());
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| i + e);
        }
        if i >= html.len() {
            break;
        }
    }
    scan
}

/// Decodes the character references that appear in attribute values.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scanner_finds_ids_and_links_but_not_inside_scripts() {
        let scan = scan_html(
            "<h2 id=\"a&amp;b\">x</h2><!-- <a href=\"no\"> --><a class=x href='u/?a=1&amp;b=2'>y</a>\
             <script>var s = '<a href=\"nope\">';</script><img src=p.png alt=\"\"><a name=top></a>",
        );
        assert!(scan.ids.contains("a&b") && scan.ids.contains("top"));
        let values: Vec<&str> = scan.links.iter().map(|l| l.value.as_str()).collect();
        assert_eq!(values, ["u/?a=1&b=2", "p.png"]);
    }
}
