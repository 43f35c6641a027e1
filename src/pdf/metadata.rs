//! The PDF's document information and links, set from the site rather than from the moment and
//! place of printing.
//!
//! The page is printed from the staging folder, so Chromium writes its links as `file://` URLs
//! into that folder: they are rewritten to the published site's addresses (`base_url`). Chromium writes the wall clock into `/CreationDate` and `/ModDate`, its user agent into
//! `/Creator`, and no `/Lang`. This sets the title, the language (`/Lang` of the catalogue, which
//! screen readers and text extraction read), both dates from `as_of`, the creator, and the file
//! identifier (`/ID`, otherwise random) from the title and date, then writes the file anew with
//! `lopdf`. What stays as Chromium made it is the layout, the fonts and `/Producer`, so the bytes
//! are the same for the same page only with the same Chromium and fonts (README).

use lopdf::{Dictionary, Document, Object, StringFormat};

use crate::util::date::Date;

/// What the PDF says about itself.
#[derive(Debug, Clone)]
pub struct Metadata {
    pub title: String,
    /// BCP 47, e.g. `zh-CN`.
    pub language: String,
    /// The reporting date: the PDF is dated at its start (00:00, China Standard Time).
    pub created: Date,
    /// Who made the file, e.g. `tongbao 0.1.0`.
    pub creator: String,
    /// Links starting with the first are rewritten to start with the second instead (the printed
    /// folder's `file://` URL and the site's `base_url`, both ending in `/`); a link to a folder's
    /// `index.html` becomes a link to the folder.
    pub rebase_links: Option<(String, String)>,
}

/// `pdf` with its information dictionary, language and identifier set from `meta`.
pub fn set(pdf: &[u8], meta: &Metadata) -> Result<Vec<u8>, String> {
    let mut doc = Document::load_mem(pdf)
        .map_err(|e| format!("cannot read the PDF Chromium printed: {e}"))?;
    let date = pdf_date(meta.created);
    let info_id = match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => id,
        Err(_) => {
            let id = doc.add_object(Dictionary::new());
            doc.trailer.set("Info", Object::Reference(id));
            id
        }
    };
    let info = doc
        .get_object_mut(info_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| format!("the PDF's information dictionary is not a dictionary: {e}"))?;
    info.set("Title", text(&meta.title));
    info.set("Creator", text(&meta.creator));
    info.set("CreationDate", Object::string_literal(date.clone()));
    info.set("ModDate", Object::string_literal(date));
    let catalog = doc
        .catalog_mut()
        .map_err(|e| format!("the PDF has no catalogue: {e}"))?;
    catalog.set("Lang", Object::string_literal(meta.language.clone()));
    if let Some((from, to)) = &meta.rebase_links {
        rebase_links(&mut doc, from, to);
    }
    renumber_structure_ids(&mut doc);
    unify_radicals(&mut doc);
    let id = Object::String(file_id(meta).to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    let mut out = Vec::with_capacity(pdf.len());
    doc.save_to(&mut out)
        .map_err(|e| format!("cannot write the PDF: {e}"))?;
    Ok(out)
}

/// Rewrites every link action whose URI starts with `from` to start with `to`.
fn rebase_links(doc: &mut Document, from: &str, to: &str) {
    for object in doc.objects.values_mut() {
        let Ok(dict) = object.as_dict_mut() else {
            continue;
        };
        let Ok(action) = dict.get_mut(b"A").and_then(Object::as_dict_mut) else {
            continue;
        };
        let Ok(Object::String(uri, _)) = action.get(b"URI") else {
            continue;
        };
        if let Some(rebased) = rebase(&String::from_utf8_lossy(uri), from, to) {
            action.set("URI", Object::string_literal(rebased));
        }
    }
}

/// Gives the structure elements' `/ID`s (Chromium numbers them by DOM node, which changes from
/// run to run) numbers in object order, and the table cells' `/Headers` that refer to them too.
fn renumber_structure_ids(doc: &mut Document) {
    let mut renamed: std::collections::HashMap<Vec<u8>, Vec<u8>> = Default::default();
    for object in doc.objects.values_mut() {
        let Ok(dict) = object.as_dict_mut() else {
            continue;
        };
        if let Ok(Object::String(id, _)) = dict.get_mut(b"ID") {
            let new = format!("h{}", renamed.len()).into_bytes();
            renamed.insert(std::mem::replace(id, new.clone()), new);
        }
    }
    for object in doc.objects.values_mut() {
        let Ok(attributes) = object.as_dict_mut().and_then(|d| d.get_mut(b"A")) else {
            continue;
        };
        let mut dicts: Vec<&mut Object> = match attributes {
            Object::Array(items) => items.iter_mut().collect(),
            other => vec![other],
        };
        for attribute in dicts.iter_mut() {
            let Ok(Object::Array(headers)) =
                attribute.as_dict_mut().and_then(|a| a.get_mut(b"Headers"))
            else {
                continue;
            };
            for header in headers {
                if let Object::String(id, _) = header
                    && let Some(new) = renamed.get(id.as_slice())
                {
                    *id = new.clone();
                }
            }
        }
    }
}

/// The ideographs the Kangxi radicals U+2F00–U+2FD5 stand for (their compatibility mapping), in
/// order.
const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// Radicals of the CJK Radicals Supplement that stand for a simplified ideograph (Unicode's
/// EquivalentUnifiedIdeograph.txt), as Noto CJK's glyphs for 页, 长, 门… are named.
const SUPPLEMENT: &[(char, char)] = &[
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻈', '讠'),
    ('⻉', '贝'),
    ('⻋', '车'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻘', '青'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻠', '饣'),
    ('⻢', '马'),
    ('⻤', '鬼'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻧', '卤'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻪', '黾'),
    ('⻬', '齐'),
    ('⻮', '齿'),
    ('⻰', '龙'),
    ('⻳', '龟'),
];

/// The ideograph a radical code point stands for, if it is one.
fn ideograph_of(c: char) -> Option<char> {
    let kangxi = (c as u32).checked_sub(0x2F00);
    match kangxi {
        Some(i) if i < 214 => KANGXI.chars().nth(i as usize),
        _ => SUPPLEMENT.iter().find(|(r, _)| *r == c).map(|(_, i)| *i),
    }
}

/// Chromium maps the glyphs that Noto CJK shares between an ideograph and its radical (示, 一,
/// 页…) to the radical in the fonts' `/ToUnicode` tables, so text copied from the PDF reads `⽰例`
/// for 示例 and search in the PDF misses it. Each such mapping is pointed at the ideograph.
fn unify_radicals(doc: &mut Document) {
    for object in doc.objects.values_mut() {
        let Ok(stream) = object.as_stream_mut() else {
            continue;
        };
        let Ok(content) = stream.decompressed_content() else {
            continue;
        };
        let text = String::from_utf8_lossy(&content);
        if !text.contains("begincmap") {
            continue;
        }
        let mut changed = false;
        let mut in_bfchar = false;
        let lines: Vec<String> = text
            .lines()
            .map(|line| {
                if line.ends_with("beginbfchar") {
                    in_bfchar = true;
                } else if line == "endbfchar" {
                    in_bfchar = false;
                } else if in_bfchar && let Some(mapped) = map_bfchar(line) {
                    changed = true;
                    return mapped;
                }
                line.to_string()
            })
            .collect();
        if changed {
            stream.set_plain_content((lines.join("\n") + "\n").into_bytes());
            let _ = stream.compress();
        }
    }
}

/// A `<code> <unicode>` line of a `bfchar` section with a radical as its Unicode value, pointed at
/// the ideograph instead.
fn map_bfchar(line: &str) -> Option<String> {
    let (code, value) = line.split_once(' ')?;
    let hex = value.strip_prefix('<')?.strip_suffix('>')?;
    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    let ideograph = ideograph_of(c)?;
    Some(format!("{code} <{:04X}>", ideograph as u32))
}

/// `uri` with `from` replaced by `to` and a trailing `index.html` dropped, if it starts with `from`.
fn rebase(uri: &str, from: &str, to: &str) -> Option<String> {
    let rest = uri.strip_prefix(from)?;
    let (path, fragment) = rest.split_at(rest.find('#').unwrap_or(rest.len()));
    let path = match path.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
        _ => path,
    };
    Some(format!("{to}{path}{fragment}"))
}

/// A PDF date: `D:20220930000000+08'00'`.
fn pdf_date(d: Date) -> String {
    let d = d.last_day();
    format!(
        "D:{:04}{:02}{:02}000000+08'00'",
        d.year,
        d.month,
        d.day.unwrap_or(1)
    )
}

/// A text string: ASCII as it is, anything else as UTF-16BE with its byte-order mark.
fn text(s: &str) -> Object {
    if s.is_ascii() {
        Object::string_literal(s)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// 16 bytes identifying the document: two FNV-1a hashes of its title and date.
fn file_id(meta: &Metadata) -> [u8; 16] {
    let key = format!("{}\u{0}{}", meta.title, meta.created);
    let fnv = |seed: u64| {
        key.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
        })
    };
    let mut id = [0; 16];
    id[..8].copy_from_slice(&fnv(0xcbf2_9ce4_8422_2325).to_be_bytes());
    id[8..].copy_from_slice(&fnv(0x6c62_272e_07bb_0142).to_be_bytes());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_into_the_printed_folder_become_links_into_the_site() {
        let (from, to) = ("file:///tmp/.public.new.1/", "https://e.cn/a/");
        assert_eq!(
            rebase("file:///tmp/.public.new.1/metrics/x/index.html", from, to).as_deref(),
            Some("https://e.cn/a/metrics/x/")
        );
        assert_eq!(
            rebase("file:///tmp/.public.new.1/index.html#facts", from, to).as_deref(),
            Some("https://e.cn/a/#facts")
        );
        assert_eq!(
            rebase("file:///tmp/.public.new.1/feed.xml", from, to).as_deref(),
            Some("https://e.cn/a/feed.xml")
        );
        assert_eq!(rebase("https://example.org/", from, to), None);
    }

    #[test]
    fn radicals_in_to_unicode_tables_become_the_ideographs_they_stand_for() {
        assert_eq!(map_bfchar("<94> <2F70>").as_deref(), Some("<94> <793A>")); // ⽰ → 示
        assert_eq!(map_bfchar("<12> <2F00>").as_deref(), Some("<12> <4E00>")); // ⼀ → 一
        assert_eq!(map_bfchar("<13> <2EDA>").as_deref(), Some("<13> <9875>")); // ⻚ → 页
        assert_eq!(map_bfchar("<46> <5F97>"), None);
        assert_eq!(ideograph_of('⿕'), Some('龠'));
        assert_eq!(ideograph_of('⿖'), None);
    }

    #[test]
    fn dates_are_the_start_of_the_reporting_day_in_china() {
        let d = Date::parse("2022-09-30", false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pdf_date(d), "D:20220930000000+08'00'");
    }

    #[test]
    fn chinese_titles_are_utf16_with_a_byte_order_mark() {
        let Object::String(bytes, _) = text("通报") else {
            panic!("not a string")
        };
        assert_eq!(bytes, vec![0xFE, 0xFF, 0x90, 0x1A, 0x62, 0xA5]);
    }
}
