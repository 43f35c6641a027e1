//! CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel shows Chinese), RFC 4180 quoting and
//! CRLF line ends, and cells that a spreadsheet would run as a formula neutralised.

/// The byte-order mark Excel needs to read UTF-8.
pub const BOM: &str = "\u{FEFF}";

/// A whole CSV document: BOM, header row, data rows.
pub fn document(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::from(BOM);
    push_row(&mut out, headers);
    for row in rows {
        push_row(&mut out, row);
    }
    out
}

fn push_row(out: &mut String, cells: &[String]) {
    let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// One cell, neutralised and quoted as needed.
pub fn cell(text: &str) -> String {
    let text = neutralise(text);
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A leading `'` before `=`, `+`, `-`, `@`, tab or CR, which spreadsheets would otherwise take as the
/// start of a formula (CSV injection). Plain numbers such as `-3.5` are left as numbers.
pub fn neutralise(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let plain_number = text.parse::<f64>().is_ok_and(f64::is_finite)
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    if risky && !plain_number {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-1+cmd|' /C calc'!A0"), "'-1+cmd|' /C calc'!A0");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("-3.5"), "-3.5");
        assert_eq!(cell("德城区"), "德城区");
    }

    #[test]
    fn quoting_follows_rfc_4180() {
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        let doc = document(
            &["名称".into(), "数值".into()],
            &[vec!["a".into(), "1".into()]],
        );
        assert!(doc.starts_with('\u{FEFF}'));
        assert_eq!(&doc[3..], "名称,数值\r\na,1\r\n");
    }
}
