//! Spreadsheets of dated rows: each file belongs to the metric or project its name names, and
//! replaces the record's inline rows (both at once is an error). The rows themselves are checked
//! by the same code as inline ones (`metrics`, `projects`); this module only attaches them and
//! says, in each diagnostic about a cell, which sheet and cell it is.

use std::collections::BTreeMap;
use std::path::Path;

use serde_saphyr::Spanned;

use super::{Validator, closest, id_problem, pos};
use crate::load::sheets::SheetFile;

impl Validator<'_> {
    /// The sheets by the id their file names; a file for an unknown id, or a second file for one
    /// id, is an error.
    pub(super) fn sheets_by_id<'a, T>(
        &mut self,
        collection: &'static str,
        folder: &str,
        sheets: &'a [SheetFile<T>],
        index: &BTreeMap<String, usize>,
    ) -> BTreeMap<&'a str, &'a SheetFile<T>> {
        let mut by_id: BTreeMap<&str, &SheetFile<T>> = BTreeMap::new();
        let singular = collection.trim_end_matches('s');
        for sheet in sheets {
            if !index.contains_key(&sheet.id) {
                if self.complete.get(collection).copied().unwrap_or(true) {
                    let valid = index.keys().filter(|id| id_problem(id).is_none());
                    let extension = sheet
                        .file
                        .extension()
                        .map(|e| e.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let help = match closest(&sheet.id, valid) {
                        Some(near) => format!(
                            "did you mean `{near}`? Rename the file to {folder}/{near}.{extension}: the file is named by the id of a record in data/{collection}"
                        ),
                        None => format!(
                            "name the file by the id of a record in data/{collection}, e.g. {folder}/<id>.{extension}"
                        ),
                    };
                    self.error(
                        &sheet.file,
                        Default::default(),
                        format!("no {singular} has the id `{}` (the file's name)", sheet.id),
                        help,
                    );
                }
                continue;
            }
            if let Some(first) = by_id.get(sheet.id.as_str()) {
                self.error(
                    &sheet.file,
                    Default::default(),
                    format!(
                        "the rows of {singular} `{}` are also in {}",
                        sheet.id,
                        first.file.display()
                    ),
                    "keep one file per record: delete or merge one of the two",
                );
                continue;
            }
            by_id.insert(&sheet.id, sheet);
        }
        by_id
    }

    /// The file and rows a record's series is read from: its sheet, if it has one, else its
    /// inline `key:` list in `file`. Both at once is an error (reported on the sheet).
    pub(super) fn series<'a, T>(
        &mut self,
        file: &'a Path,
        id: &Spanned<String>,
        key: &str,
        inline: &'a [T],
        sheet: Option<&'a SheetFile<T>>,
    ) -> (&'a Path, &'a [T]) {
        let Some(sheet) = sheet else {
            return (file, inline);
        };
        if !inline.is_empty() {
            self.error(
                &sheet.file,
                Default::default(),
                format!(
                    "the {key} rows of `{}` are written twice: in this file and under `{key}:` in {}:{}",
                    id.value,
                    file.display(),
                    pos(id).line
                ),
                format!(
                    "keep them in one place: delete `{key}:` from {}, or delete this file",
                    file.display()
                ),
            );
        }
        (&sheet.file, &sheet.rows)
    }

    /// Says which sheet and cell each diagnostic recorded since `start` about `sheet` points at.
    pub(super) fn name_cells<T>(&mut self, start: usize, sheet: Option<&SheetFile<T>>) {
        let Some(sheet) = sheet else {
            return;
        };
        for d in self.diags.since_mut(start) {
            if d.file == sheet.file && d.position.line > 0 {
                d.message = format!("{}: {}", sheet.place(d.position), d.message);
            }
        }
    }
}
