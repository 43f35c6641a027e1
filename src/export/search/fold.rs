//! Folding: how text is compared in search, the same at index time (here) and at query time
//! (`search.js`). Full-width forms become half-width (５Ｓ = 5S, the ideographic space a space),
//! letters lower case, and traditional characters simplified (積分制 = 积分制).
//!
//! Every fold maps one character to one character of the same UTF-16 length, so an offset found
//! in folded text is the same offset in the original, which the browser uses to mark the hit.
//! The traditional → simplified mapping is the character table of the `fast2s` crate (from
//! OpenCC's data), taken one character at a time so that both sides fold alike; the build writes
//! the part of it a query on this site can use (`fold.json`) for the browser to load when a query
//! finds nothing as typed.

use std::sync::OnceLock;

/// The code point ranges holding the traditional characters the table folds (CJK Unified
/// Ideographs, Extension A and the compatibility ideographs): all three-byte UTF-8, BMP.
const RANGES: [(u32, u32); 2] = [(0x3400, 0x9FFF), (0xF900, 0xFAFF)];

/// Traditional → simplified, indexed by code point minus the range's start (0: no mapping).
fn table() -> &'static [Vec<u32>; 2] {
    static TABLE: OnceLock<[Vec<u32>; 2]> = OnceLock::new();
    TABLE.get_or_init(|| {
        RANGES.map(|(start, end)| {
            (start..=end)
                .map(|code| {
                    let Some(c) = char::from_u32(code) else {
                        return 0;
                    };
                    let text = fast2s::convert(c.encode_utf8(&mut [0; 4]));
                    // Only a one-to-one change of a BMP character keeps offsets.
                    let mut chars = text.chars();
                    match (chars.next(), chars.next()) {
                        (Some(s), None) if s != c && s.len_utf16() == 1 => u32::from(s),
                        _ => 0,
                    }
                })
                .collect()
        })
    })
}

/// The simplified form of a traditional character, if the table has one.
pub fn simplified(c: char) -> Option<char> {
    let code = u32::from(c);
    RANGES
        .iter()
        .zip(table())
        .find(|((start, end), _)| (*start..=*end).contains(&code))
        .and_then(|((start, _), t)| {
            let s = t[(code - start) as usize];
            (s != 0).then(|| char::from_u32(s)).flatten()
        })
}

/// One character folded: full-width → half-width, upper → lower case, traditional → simplified.
pub fn fold_char(c: char) -> char {
    let code = u32::from(c);
    let c = match code {
        0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    simplified(c).unwrap_or(c)
}

/// A text folded character by character (see the module doc).
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// Whether folding changes the text beyond width and case, which `search.js` folds by itself.
pub fn needs_table(text: &str) -> bool {
    text.chars().any(|c| simplified(c).is_some())
}

/// Every (traditional, simplified) pair of the table whose simplified side `wanted` keeps: the
/// part of the table a query on a site can use, as the text `search.js` reads (pairs of
/// characters, one after the other).
pub fn table_for(wanted: impl Fn(char) -> bool) -> String {
    let mut out = String::new();
    for ((start, _), t) in RANGES.iter().zip(table()) {
        for (offset, &s) in t.iter().enumerate() {
            let (Some(trad), Some(simp)) =
                (char::from_u32(start + offset as u32), char::from_u32(s))
            else {
                continue;
            };
            if s != 0 && wanted(simp) {
                out.push(trad);
                out.push(simp);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_case_and_script_fold_to_one_form() {
        assert_eq!(fold("５Ｓ管理"), "5s管理");
        assert_eq!(fold("積分制考核"), "积分制考核");
        assert_eq!(fold("ＡＢｃ　德州"), "abc 德州");
        assert_eq!(fold("审计局"), "审计局");
    }

    #[test]
    fn folding_keeps_utf16_length() {
        let text = "５Ｓ與積分制，審計局ＡＢ　x";
        let utf16 = |s: &str| s.encode_utf16().count();
        assert_eq!(utf16(&fold(text)), utf16(text));
        assert!(needs_table(text));
        assert!(!needs_table("５Ｓ管理"));
    }

    #[test]
    fn the_table_part_for_a_site_holds_only_wanted_targets() {
        let part = table_for(|c| c == '积');
        assert!(part.contains("積积"), "{part}");
        assert_eq!(part.chars().count() % 2, 0);
        assert!(part.chars().skip(1).step_by(2).all(|c| c == '积'));
    }
}
