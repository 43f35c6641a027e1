//! Spreadsheets of dated rows kept beside the YAML: a metric's observations in
//! `data/observations/<metric id>.csv|xlsx` and a project's investment series in
//! `data/investment/<project id>.csv|xlsx`.
//!
//! This module only reads them: it turns each data row into the same raw record the inline YAML
//! form gives ([`RawReading`], [`RawInvestment`]), with the row as the line and the column number
//! as the column of every value, so `validate` checks them exactly as it checks inline ones.
//! Which metric or project a file belongs to (and whether that record also has inline rows) is
//! `validate`'s to decide.
//!
//! CSV is read as UTF-8 (with or without a BOM), or as GB18030 when it is not valid UTF-8 (what
//! Excel and WPS save on Chinese Windows), with a note naming the file. An `.xlsx` workbook is read
//! from its sheet named `数据` (or `observations` / `investment`, as the folder), else its first.

mod files;
mod rows;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use super::list_files;
use super::records::{RawInvestment, RawReading};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::schema::{INVESTMENT_COLUMNS, OBSERVATION_COLUMNS, SheetColumn};
use files::{read_csv, read_xlsx};
use rows::{Row, investment, reading, rows};

/// The rows of one spreadsheet file, for the record whose id is the file's name.
#[derive(Debug)]
pub struct SheetFile<T> {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// The file name without its extension: the id of the metric or project.
    pub id: String,
    /// The sheet read, for an `.xlsx` workbook.
    pub sheet: Option<String>,
    /// The header of each column read: (1-based column number, header as written).
    pub headers: Vec<(usize, String)>,
    /// The data rows, as the inline form's records.
    pub rows: Vec<T>,
}

impl<T> SheetFile<T> {
    /// Where a position of this file is, in the words of someone looking at the spreadsheet:
    /// `sheet "数据", cell B5 (数值)`, `cell B5 (数值)` or `row 5`.
    pub fn place(&self, position: Position) -> String {
        place(self.sheet.as_deref(), &self.headers, position)
    }
}

/// Every spreadsheet of observations and of investment in the site.
#[derive(Debug, Default)]
pub struct Sheets {
    /// `data/observations/<metric id>.csv|xlsx`, in file order.
    pub observations: Vec<SheetFile<RawReading>>,
    /// `data/investment/<project id>.csv|xlsx`, in file order.
    pub investment: Vec<SheetFile<RawInvestment>>,
}

/// The folder of the metrics' observation sheets.
pub const OBSERVATIONS_FOLDER: &str = "data/observations";
/// The folder of the projects' investment sheets.
pub const INVESTMENT_FOLDER: &str = "data/investment";

/// Reads every spreadsheet under `data/observations/` and `data/investment/`.
pub fn load_sheets(root: &Path, diags: &mut Diagnostics) -> Sheets {
    Sheets {
        observations: read_folder(
            root,
            OBSERVATIONS_FOLDER,
            "observations",
            OBSERVATION_COLUMNS,
            reading,
            diags,
        ),
        investment: read_folder(
            root,
            INVESTMENT_FOLDER,
            "investment",
            INVESTMENT_COLUMNS,
            investment,
            diags,
        ),
    }
}

/// Builds one record from a data row; problems go to `diags`.
type Build<T> = fn(&Row, &mut Vec<Diagnostic>) -> Option<T>;

fn read_folder<T>(
    root: &Path,
    folder: &str,
    sheet_name: &str,
    columns: &'static [SheetColumn],
    build: Build<T>,
    diags: &mut Diagnostics,
) -> Vec<SheetFile<T>> {
    let mut files = Vec::new();
    for file in list_files(root, Path::new(folder), diags) {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // An office's lock file beside an open workbook (`~$x.xlsx`) is not data.
        if name.starts_with("~$") {
            continue;
        }
        let extension = file
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        let table = match extension.as_deref() {
            Some("csv") => read_csv(root, &file, diags).map(|rows| (None, rows)),
            Some("xlsx") => read_xlsx(root, &file, sheet_name),
            Some("xls" | "et" | "ods" | "xlsm" | "xlsb") => Err(Diagnostic::error(
                &file,
                Position::default(),
                "only .csv and .xlsx spreadsheets are read",
            )
            .with_help("save the sheet as an Excel workbook (.xlsx) or as CSV UTF-8 (.csv)")),
            // Other files are not this module's (the data folder's file list accounts for them).
            _ => continue,
        };
        let (sheet, table) = match table {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let id = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut found = Vec::new();
        if let Some(sheet_file) = rows(&file, id, sheet, table, columns, build, &mut found) {
            files.push(sheet_file);
        }
        diags.extend(found);
    }
    files
}

fn sheet_prefix(sheet: Option<&str>) -> String {
    sheet.map_or(String::new(), |s| format!("sheet \"{s}\", "))
}

/// See [`SheetFile::place`].
fn place(sheet: Option<&str>, headers: &[(usize, String)], position: Position) -> String {
    let sheet = sheet_prefix(sheet);
    if position.column == 0 {
        return format!("{sheet}row {}", position.line);
    }
    let header = headers
        .iter()
        .find(|(c, _)| *c == position.column)
        .map_or(String::new(), |(_, h)| format!(" ({h})"));
    format!(
        "{sheet}cell {}{}{header}",
        column_letters(position.column),
        position.line
    )
}

/// A 1-based column number as a spreadsheet names it: 1 → A, 27 → AA.
fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        column -= 1;
        letters.push(b'A' + (column % 26) as u8);
        column /= 26;
    }
    letters.iter().rev().map(|&b| b as char).collect()
}

/// A value at a row and column, as the YAML parser would have placed it.
fn spanned<T>(value: T, row: usize, column: usize) -> Spanned<T> {
    // The parser's `Location` has no public constructor; it is deserialisable from its fields.
    let fields = [("line", row as u32), ("column", column as u32)];
    let location = Location::deserialize(serde::de::value::MapDeserializer::<
        _,
        serde::de::value::Error,
    >::new(fields.into_iter()))
    .unwrap_or(Location::UNKNOWN);
    Spanned::new(value, location, location)
}

#[cfg(test)]
mod tests {
    use super::rows::{column_for, slashed_date};
    use super::*;

    #[test]
    fn headers_accept_keys_chinese_names_and_units() {
        let key = |h| column_for(h, INVESTMENT_COLUMNS).map(|c| c.key);
        assert_eq!(key("金额（万元）"), Some("amount"));
        assert_eq!(key(" Amount (万元) "), Some("amount"));
        assert_eq!(key("日期"), Some("date"));
        assert_eq!(key("来源"), None);
    }

    #[test]
    fn places_read_as_a_spreadsheet_names_them() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(27), "AA");
        let headers = [(2, "数值".to_string())];
        assert_eq!(
            place(Some("数据"), &headers, Position::new(5, 2)),
            "sheet \"数据\", cell B5 (数值)"
        );
        assert_eq!(place(None, &headers, Position::new(3, 0)), "row 3");
        let s = spanned(1.5, 7, 3);
        assert_eq!((s.referenced.line(), s.referenced.column()), (7, 3));
    }

    #[test]
    fn excel_slashed_dates_become_iso_dates() {
        assert_eq!(slashed_date("2022/8/5").as_deref(), Some("2022-08-05"));
        assert_eq!(slashed_date("2022-08-05"), None);
        assert_eq!(slashed_date("22/8/5"), None);
    }
}
