//! Reading a spreadsheet file into a table of cells: CSV (UTF-8, or GB18030 with a note) and
//! `.xlsx` workbooks (one sheet, streamed with a bound on its size). What the cells mean is
//! [`super::rows`]'s to say.

use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::place;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};

/// A cell as read, before it is taken as a date, a number, a flag or text.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
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
pub(super) type Table = Vec<(usize, usize, Vec<Cell>)>;

/// Reads a CSV file as UTF-8 (a BOM is dropped) or, when it is not valid UTF-8, as GB18030.
pub(super) fn read_csv(
    root: &Path,
    file: &Path,
    diags: &mut Diagnostics,
) -> Result<Table, Diagnostic> {
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
pub(super) fn read_xlsx(
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

/// A file's bytes, refused above [`MAX_FILE_BYTES`](crate::load::MAX_FILE_BYTES).
fn read_bytes(root: &Path, file: &Path) -> Result<Vec<u8>, Diagnostic> {
    crate::load::read_limited(root, file, "keep one metric's or project's rows in a file")
}
