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

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use super::records::{RawInvestment, RawReading};
use super::{MAX_FILE_BYTES, list_files};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::schema::{INVESTMENT_COLUMNS, OBSERVATION_COLUMNS, SheetColumn};

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

/// A cell as read, before it is taken as a date, a number, a flag or text.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A date cell of a workbook, as `YYYY-MM-DD`.
    Date(String),
    Bool(bool),
    /// A spreadsheet error value such as `#DIV/0!`.
    Error(String),
}

/// The rows of a sheet: (1-based row number, 1-based column of the first cell, cells).
type Table = Vec<(usize, usize, Vec<Cell>)>;

/// Reads a CSV file as UTF-8 (a BOM is dropped) or, when it is not valid UTF-8, as GB18030.
fn read_csv(root: &Path, file: &Path, diags: &mut Diagnostics) -> Result<Table, Diagnostic> {
    let bytes = read_bytes(root, file)?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(text).to_string(),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(&bytes);
            if had_errors {
                return Err(Diagnostic::error(
                    file,
                    Position::default(),
                    "the file is neither UTF-8 nor GB18030 text",
                )
                .with_help("save it from Excel or WPS as “CSV UTF-8 (逗号分隔)”"));
            }
            diags.push(
                Diagnostic::note(
                    file,
                    Position::default(),
                    "the file is not UTF-8, so it was read as GB18030 (GBK), the encoding Excel and WPS use on Chinese Windows",
                )
                .with_help("to be sure the characters are read as written, save it as “CSV UTF-8 (逗号分隔)”"),
            );
            text.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Table::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(i + 1, |p| p.line() as usize);
            Diagnostic::error(file, Position::new(line, 0), format!("row {line}: {e}"))
                .with_help("check the quotes in this row: a field that holds a comma or a quote is written \"like, this\"")
        })?;
        let cells = record
            .iter()
            .map(|c| match c.trim() {
                "" => Cell::Empty,
                text => Cell::Text(text.to_string()),
            })
            .collect();
        table.push((i + 1, 1, cells));
    }
    Ok(table)
}

/// The most columns and filled cells a sheet may have: far above a series of dated rows.
const MAX_COLUMNS: usize = 64;
const MAX_CELLS: usize = 1_000_000;

/// Reads a workbook's sheet named `数据` or `english` (any case), else its first sheet.
fn read_xlsx(
    root: &Path,
    file: &Path,
    english: &str,
) -> Result<(Option<String>, Table), Diagnostic> {
    // The size is checked before the workbook is opened.
    read_bytes(root, file)?;
    let unreadable = |e: &dyn std::fmt::Display| {
        Diagnostic::error(
            file,
            Position::default(),
            format!("the workbook cannot be read: {e}"),
        )
        .with_help("save it from Excel or WPS as an Excel workbook (.xlsx)")
    };
    let mut workbook: Xlsx<_> =
        calamine::open_workbook(root.join(file)).map_err(|e| unreadable(&e))?;
    let names = workbook.sheet_names();
    let chosen = names
        .iter()
        .find(|n| n.trim() == "数据" || n.trim().eq_ignore_ascii_case(english))
        .or(names.first())
        .cloned()
        .ok_or_else(|| unreadable(&"it has no sheet"))?;
    // Cells are streamed rather than read as one dense range: a workbook with one cell at A1 and
    // one at XFD1048576 would otherwise claim billions of cells.
    let mut reader = workbook
        .worksheet_cells_reader(&chosen)
        .map_err(|e| unreadable(&e))?;
    let mut rows: std::collections::BTreeMap<u32, Vec<(u32, Cell)>> = Default::default();
    let mut count = 0usize;
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
        let (row, column) = cell.get_position();
        let value = workbook_cell(&Data::from(cell.get_value().clone()));
        if value == Cell::Empty {
            continue;
        }
        count += 1;
        if column as usize >= MAX_COLUMNS || count > MAX_CELLS {
            let position = Position::new(row as usize + 1, column as usize + 1);
            return Err(Diagnostic::error(
                file,
                position,
                format!(
                    "{}: the sheet is larger than a series of dated rows can be (at most {MAX_COLUMNS} columns and {MAX_CELLS} filled cells are read)",
                    place(Some(&chosen), &[], position)
                ),
            )
            .with_help("keep only the metric's or project's rows on the sheet read, or move them to a sheet named 数据"));
        }
        rows.entry(row).or_default().push((column, value));
    }
    let table = rows
        .into_iter()
        .map(|(row, cells)| {
            let width = cells
                .iter()
                .map(|(c, _)| *c as usize + 1)
                .max()
                .unwrap_or(0);
            let mut dense = vec![Cell::Empty; width];
            for (column, value) in cells {
                dense[column as usize] = value;
            }
            (row as usize + 1, 1, dense)
        })
        .collect();
    Ok((Some(chosen), table))
}

fn workbook_cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => match s.trim() {
            "" => Cell::Empty,
            text => Cell::Text(text.to_string()),
        },
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => {
            let (year, month, day, ..) = d.to_ymd_hms_milli();
            Cell::Date(format!("{year:04}-{month:02}-{day:02}"))
        }
        Data::DateTimeIso(s) => Cell::Date(s.chars().take(10).collect()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// A file's bytes, refused above [`MAX_FILE_BYTES`].
fn read_bytes(root: &Path, file: &Path) -> Result<Vec<u8>, Diagnostic> {
    if let Ok(meta) = std::fs::metadata(root.join(file))
        && meta.len() > MAX_FILE_BYTES
    {
        return Err(Diagnostic::error(
            file,
            Position::default(),
            format!(
                "the file is {} MiB; at most {} MiB are read",
                meta.len() >> 20,
                MAX_FILE_BYTES >> 20
            ),
        )
        .with_help("keep one metric's or project's rows in a file"));
    }
    std::fs::read(root.join(file)).map_err(|e| {
        Diagnostic::error(
            file,
            Position::default(),
            format!("cannot read the file: {e}"),
        )
    })
}

/// One data row: its number and, for each known column, its cell and column number.
struct Row<'a> {
    file: &'a Path,
    sheet: Option<&'a str>,
    headers: &'a [(usize, String)],
    number: usize,
    cells: Vec<(&'static str, usize, &'a Cell)>,
}

impl Row<'_> {
    fn cell(&self, key: &str) -> Option<(usize, &Cell)> {
        self.cells
            .iter()
            .find(|(k, ..)| *k == key)
            .map(|(_, column, cell)| (*column, *cell))
    }

    fn error(&self, column: usize, message: String, help: &str) -> Diagnostic {
        let position = Position::new(self.number, column);
        Diagnostic::error(
            self.file,
            position,
            format!("{}: {message}", place(self.sheet, self.headers, position)),
        )
        .with_help(help)
    }

    /// A required column's cell as text (a date or a number cell as written).
    fn date(&self, out: &mut Vec<Diagnostic>) -> Option<Spanned<String>> {
        let (column, cell) = self.cell("date")?;
        let text = match cell {
            Cell::Date(d) => d.clone(),
            Cell::Text(t) => slashed_date(t).unwrap_or_else(|| t.clone()),
            Cell::Empty => {
                out.push(self.error(
                    column,
                    "the date is empty".into(),
                    "every row needs its date, written 2022-08-15",
                ));
                return None;
            }
            Cell::Number(_) | Cell::Bool(_) | Cell::Error(_) => {
                out.push(self.error(
                    column,
                    format!("{} is not a date", shown(cell)),
                    "write the date as 2022-08-15, or format the cell as a date",
                ));
                return None;
            }
        };
        Some(spanned(text, self.number, column))
    }

    /// A required number.
    fn number(&self, key: &str, out: &mut Vec<Diagnostic>) -> Option<Spanned<f64>> {
        let (column, cell) = self.cell(key)?;
        let value = match cell {
            Cell::Number(n) => *n,
            Cell::Text(t) => match t.parse::<f64>() {
                Ok(n) => n,
                Err(_) => {
                    let (problem, help) = super::yaml::number_problem(t);
                    out.push(self.error(column, problem, help));
                    return None;
                }
            },
            Cell::Empty => {
                out.push(self.error(
                    column,
                    "the value is empty".into(),
                    "write the number, or delete the row when there is no reading for that date",
                ));
                return None;
            }
            Cell::Date(_) | Cell::Bool(_) | Cell::Error(_) => {
                out.push(self.error(
                    column,
                    format!("{} is not a number", shown(cell)),
                    "write a plain number in the field's unit, e.g. 84 or 12.5",
                ));
                return None;
            }
        };
        Some(spanned(value, self.number, column))
    }

    /// An optional source id.
    fn source(&self, out: &mut Vec<Diagnostic>) -> Option<Spanned<String>> {
        let (column, cell) = self.cell("source")?;
        let text = match cell {
            Cell::Empty => return None,
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => crate::util::format::number(*n, 6),
            Cell::Date(_) | Cell::Bool(_) | Cell::Error(_) => {
                out.push(self.error(
                    column,
                    format!("{} is not a source id", shown(cell)),
                    "write the id of a source in data/sources, or leave the cell empty",
                ));
                return None;
            }
        };
        Some(spanned(text, self.number, column))
    }

    /// The 示意数据 mark: 是 / 否 (or true / false, yes / no, 1 / 0); empty is 否.
    fn illustrative(&self, out: &mut Vec<Diagnostic>) -> bool {
        let Some((column, cell)) = self.cell("illustrative") else {
            return false;
        };
        let flag = match cell {
            Cell::Empty => Some(false),
            Cell::Bool(b) => Some(*b),
            Cell::Number(n) if *n == 1.0 => Some(true),
            Cell::Number(n) if *n == 0.0 => Some(false),
            Cell::Text(t) => match t.to_lowercase().as_str() {
                "是" | "示意" | "true" | "yes" | "y" | "1" | "√" | "✓" => Some(true),
                "否" | "false" | "no" | "n" | "0" => Some(false),
                _ => None,
            },
            _ => None,
        };
        flag.unwrap_or_else(|| {
            out.push(self.error(
                column,
                format!("{} is neither 是 nor 否", shown(cell)),
                "write 是 when the figure is illustrative (示意数据), 否 or nothing when it is real",
            ));
            false
        })
    }
}

fn reading(row: &Row, out: &mut Vec<Diagnostic>) -> Option<RawReading> {
    let date = row.date(out);
    let value = row.number("value", out);
    let source = row.source(out);
    let illustrative = row.illustrative(out);
    Some(RawReading {
        date: date?,
        value: value?,
        source,
        illustrative,
    })
}

fn investment(row: &Row, out: &mut Vec<Diagnostic>) -> Option<RawInvestment> {
    let date = row.date(out);
    let amount = row.number("amount", out);
    Some(RawInvestment {
        date: date?,
        amount: amount?,
    })
}

/// Reads the header row and turns every data row into a record.
fn rows<T>(
    file: &Path,
    id: String,
    sheet: Option<String>,
    table: Table,
    columns: &'static [SheetColumn],
    build: Build<T>,
    out: &mut Vec<Diagnostic>,
) -> Option<SheetFile<T>> {
    let mut table = table
        .into_iter()
        .filter(|(.., cells)| cells.iter().any(|c| *c != Cell::Empty));
    let sheet_label = sheet.as_deref();
    let accepted = columns
        .iter()
        .map(|c| format!("{} ({})", c.names[0], c.key))
        .collect::<Vec<_>>()
        .join(", ");
    let Some((header_row, first_column, header_cells)) = table.next() else {
        out.push(
            Diagnostic::error(
                file,
                Position::default(),
                format!("{}the sheet is empty", sheet_prefix(sheet_label)),
            )
            .with_help(format!(
                "the first row names the columns: {accepted}; then one row per date"
            )),
        );
        return None;
    };
    let mut headers: Vec<(usize, String)> = Vec::new();
    let mut keys: Vec<(&'static str, usize)> = Vec::new();
    let mut ok = true;
    for (i, cell) in header_cells.iter().enumerate() {
        let column = first_column + i;
        let header = match cell {
            Cell::Empty => continue,
            Cell::Text(t) => t.clone(),
            other => shown(other),
        };
        headers.push((column, header.clone()));
        let position = Position::new(header_row, column);
        let at = place(sheet_label, &[], position);
        match column_for(&header, columns) {
            Some(c) if keys.iter().any(|(k, _)| *k == c.key) => {
                out.push(
                    Diagnostic::error(file, position, format!("{at}: a second `{header}` column"))
                        .with_help("keep one column per field"),
                );
                ok = false;
            }
            Some(c) => keys.push((c.key, column)),
            None => {
                out.push(
                    Diagnostic::error(
                        file,
                        position,
                        format!("{at}: `{header}` is not a column tongbao reads here"),
                    )
                    .with_help(format!(
                        "the columns are {accepted} (a unit in brackets after the name is allowed, e.g. 金额（万元）)"
                    )),
                );
                ok = false;
            }
        }
    }
    for c in columns.iter().filter(|c| c.required) {
        if !keys.iter().any(|(k, _)| *k == c.key) {
            out.push(
                Diagnostic::error(
                    file,
                    Position::new(header_row, 0),
                    format!(
                        "{}row {header_row}: there is no {} ({}) column",
                        sheet_prefix(sheet_label),
                        c.names[0],
                        c.key
                    ),
                )
                .with_help(format!("the first row names the columns: {accepted}")),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let mut records = Vec::new();
    for (number, first, cells) in table {
        let row = Row {
            file,
            sheet: sheet_label,
            headers: &headers,
            number,
            cells: keys
                .iter()
                .map(|&(key, column)| {
                    let cell = column
                        .checked_sub(first)
                        .and_then(|i| cells.get(i))
                        .unwrap_or(&Cell::Empty);
                    (key, column, cell)
                })
                .collect(),
        };
        if let Some(record) = build(&row, out) {
            records.push(record);
        }
    }
    Some(SheetFile {
        file: file.to_path_buf(),
        id,
        sheet,
        headers,
        rows: records,
    })
}

/// The column a header names: its key or one of its Chinese names, ignoring ASCII case, spaces
/// and a unit in brackets after it (`金额（万元）`).
fn column_for(header: &str, columns: &'static [SheetColumn]) -> Option<&'static SheetColumn> {
    let mut name = header.trim();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if name.ends_with(close)
            && let Some(i) = name.rfind(open)
        {
            name = name[..i].trim();
        }
    }
    columns
        .iter()
        .find(|c| c.key.eq_ignore_ascii_case(name) || c.names.contains(&name))
}

/// `2022/8/15` (as Excel writes a date into CSV on Chinese Windows) as `2022-08-15`.
fn slashed_date(text: &str) -> Option<String> {
    let mut parts = text.split('/');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    (parts.next().is_none() && digits(year, 4..=4) && digits(month, 1..=2) && digits(day, 1..=2))
        .then(|| format!("{year}-{month:0>2}-{day:0>2}"))
}

/// A cell's content as a message quotes it.
fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Empty => "the empty cell".into(),
        Cell::Text(t) => format!("`{}`", t.escape_debug()),
        Cell::Number(n) => format!("the number {}", crate::util::format::number(*n, 6)),
        Cell::Date(d) => format!("the date {d}"),
        Cell::Bool(b) => format!("the value {}", if *b { "TRUE" } else { "FALSE" }),
        Cell::Error(e) => format!("the spreadsheet error {e}"),
    }
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
