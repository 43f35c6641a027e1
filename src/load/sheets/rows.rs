//! Turning a table of cells into the inline form's records: the header row names the columns
//! (by key or Chinese name), each data row becomes a [`RawReading`] or [`RawInvestment`] whose
//! values carry their row and column, and a cell that cannot be read is reported at its place.

use std::path::Path;

use serde_saphyr::Spanned;

use super::files::{Cell, Table};
use super::{Build, SheetFile, place, sheet_prefix, spanned};
use crate::diagnostics::{Diagnostic, Position};
use crate::load::records::{RawInvestment, RawReading};
use crate::schema::SheetColumn;

pub(super) struct Row<'a> {
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
                    let (problem, help) = crate::load::yaml::number_problem(t);
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

pub(super) fn reading(row: &Row, out: &mut Vec<Diagnostic>) -> Option<RawReading> {
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

pub(super) fn investment(row: &Row, out: &mut Vec<Diagnostic>) -> Option<RawInvestment> {
    let date = row.date(out);
    let amount = row.number("amount", out);
    Some(RawInvestment {
        date: date?,
        amount: amount?,
    })
}

/// Reads the header row and turns every data row into a record.
pub(super) fn rows<T>(
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
pub(super) fn column_for(
    header: &str,
    columns: &'static [SheetColumn],
) -> Option<&'static SheetColumn> {
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
pub(super) fn slashed_date(text: &str) -> Option<String> {
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
