//! Data from spreadsheets (#13): an office keeps a metric's observations or a project's
//! investment series in the CSV or Excel file it already has
//! (`data/observations/<metric id>.csv|xlsx`, `data/investment/<project id>.csv|xlsx`), and
//! the site shows those rows, with their marks, exactly as if they were written in the YAML.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use tongbao::diagnostics::{Diagnostic, Position, Severity};

use crate::support::*;

/// A fresh site whose metric `example-metric` is real (not illustrative) and has no inline
/// observations, so every mark on its page comes from the spreadsheet's rows.
fn site_with_a_real_metric() -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = scaffolded_site();
    write(
        &root,
        "data/metrics/example-metric.yaml",
        "id: example-metric\nname: 网上办理率\nunit_label: \"%\"\ndirection: higher\n\
         target: { value: 100, deadline: 2022-12-31 }\nsource: example-source\nillustrative: false\n",
    );
    (tmp, root)
}

const OBSERVATIONS: &str =
    "日期,数值,来源,示意数据\n2022/6/30,40,example-source,是\n2022-08-31,55,,否\n";
const OBSERVATIONS_FILE: &str = "data/observations/example-metric.csv";

/// The rows of the metric's chart download (`类型,日期,数值,单位,示意数据`).
fn chart_rows(root: &Path) -> Vec<String> {
    page(root, "charts/metric-example-metric.csv")
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::to_string)
        .collect()
}

/// The readings table's row of a date on the metric's page.
fn page_row(root: &Path, chinese_date: &str) -> String {
    let html = page(root, "metrics/example-metric/index.html");
    html.split("<tr>")
        .map(|row| row.split("</tr>").next().unwrap_or_default())
        .filter(|row| row.contains(chinese_date) && row.contains("class=\"num\""))
        .map(str::to_string)
        .next()
        .unwrap_or_else(|| panic!("no readings row for {chinese_date}"))
}

fn notes(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Note)
        .collect()
}

#[test]
fn observations_from_a_csv_in_utf8_with_or_without_bom_or_in_gb18030_reach_the_page_and_download() {
    let (gb18030, _, unmappable) = encoding_rs::GB18030.encode(OBSERVATIONS);
    assert!(!unmappable);
    let encodings: [(&str, Vec<u8>); 3] = [
        ("UTF-8", OBSERVATIONS.as_bytes().to_vec()),
        (
            "UTF-8 with BOM",
            [b"\xef\xbb\xbf".as_slice(), OBSERVATIONS.as_bytes()].concat(),
        ),
        ("GB18030", gb18030.into_owned()),
    ];
    for (encoding, bytes) in encodings {
        let (_tmp, root) = site_with_a_real_metric();
        std::fs::create_dir_all(root.join("data/observations")).unwrap();
        std::fs::write(root.join(OBSERVATIONS_FILE), bytes).unwrap();
        let report = build(&root).or_diagnostics();
        assert_eq!(
            chart_rows(&root),
            [
                "类型,日期,数值,单位,示意数据",
                "观测,2022-06-30,40,%,是",
                "观测,2022-08-31,55,%,否",
                "目标,2022-12-31,100,%,否",
            ],
            "{encoding}"
        );
        assert!(
            page_row(&root, "2022年6月30日").contains("示意数据"),
            "{encoding}"
        );
        assert!(
            !page_row(&root, "2022年8月31日").contains("示意"),
            "{encoding}"
        );
        let dataset = page(&root, "data/metrics.csv");
        assert!(
            dataset.contains("example-metric,网上办理率,观测,2022-06-30,40,%,example-source,是"),
            "{encoding}: {dataset}"
        );
        let notes = notes(&report.warnings);
        if encoding == "GB18030" {
            assert_eq!(notes.len(), 1, "{:?}", report.warnings);
            assert_eq!(notes[0].file, Path::new(OBSERVATIONS_FILE));
            assert!(notes[0].message.contains("GB18030"), "{:?}", notes[0]);
        } else {
            assert!(notes.is_empty(), "{encoding}: {notes:?}");
        }
    }
}

#[test]
fn a_gb18030_note_does_not_fail_a_build_that_denies_warnings() {
    let (_tmp, root) = site_with_a_real_metric();
    let (gb18030, ..) = encoding_rs::GB18030.encode(OBSERVATIONS);
    std::fs::create_dir_all(root.join("data/observations")).unwrap();
    std::fs::write(root.join(OBSERVATIONS_FILE), gb18030).unwrap();
    let out = tongbao()
        .args(["build", "--deny-warnings", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("note: the file is not UTF-8, so it was read as GB18030"),
        "{stderr}"
    );
    assert!(stderr.contains(OBSERVATIONS_FILE), "{stderr}");
}

/// A workbook whose first sheet is a note to colleagues and whose `数据` sheet holds the
/// observations, with date cells, numbers and a 示意数据 column of 是 / TRUE / empty.
fn observations_workbook(path: &Path, bad_value_in_row_3: bool) {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let notes = workbook.add_worksheet();
    notes.set_name("说明").unwrap();
    notes.write_string(0, 0, "数据表由统计科每月更新").unwrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("数据").unwrap();
    for (column, header) in ["日期", "数值（%）", "来源", "示意数据"].iter().enumerate()
    {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    let rows = [
        (2022, 6, 30, 40.0, "是"),
        (2022, 8, 31, 55.0, ""),
        (2022, 9, 30, 61.5, ""),
    ];
    for (i, (y, m, d, value, mark)) in rows.into_iter().enumerate() {
        let row = i as u32 + 1;
        sheet
            .write_datetime_with_format(row, 0, ExcelDateTime::from_ymd(y, m, d).unwrap(), &date)
            .unwrap();
        if bad_value_in_row_3 && row == 2 {
            sheet.write_string(row, 1, "五十五").unwrap();
        } else {
            sheet.write_number(row, 1, value).unwrap();
        }
        sheet.write_string(row, 2, "example-source").unwrap();
        if row == 3 {
            sheet.write_boolean(row, 3, true).unwrap();
        } else if !mark.is_empty() {
            sheet.write_string(row, 3, mark).unwrap();
        }
    }
    workbook.save(path).unwrap();
}

#[test]
fn observations_from_an_xlsx_are_read_from_its_data_sheet_and_investment_from_its_first() {
    let (_tmp, root) = site_with_a_real_metric();
    std::fs::create_dir_all(root.join("data/observations")).unwrap();
    observations_workbook(&root.join("data/observations/example-metric.xlsx"), false);
    // The project's series, in a workbook of one sheet with the default name.
    let project = root.join("data/projects/example-project.yaml");
    let text = std::fs::read_to_string(&project).unwrap();
    std::fs::write(
        &project,
        text.replace("planned_investment: 0", "planned_investment: 5000"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("data/investment")).unwrap();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "日期").unwrap();
    sheet.write_string(0, 1, "金额（万元）").unwrap();
    sheet.write_string(1, 0, "2022-06-30").unwrap();
    sheet.write_number(1, 1, 1200).unwrap();
    sheet.write_string(2, 0, "2022/9/30").unwrap();
    sheet.write_number(2, 1, 3400).unwrap();
    workbook
        .save(root.join("data/investment/example-project.xlsx"))
        .unwrap();

    let report = build(&root).or_diagnostics();
    assert!(notes(&report.warnings).is_empty());
    assert_eq!(
        chart_rows(&root),
        [
            "类型,日期,数值,单位,示意数据",
            "观测,2022-06-30,40,%,是",
            "观测,2022-08-31,55,%,否",
            "观测,2022-09-30,61.5,%,是",
            "目标,2022-12-31,100,%,否",
        ]
    );
    assert!(page_row(&root, "2022年9月30日").contains("示意数据"));
    assert!(!page_row(&root, "2022年8月31日").contains("示意"));
    let projects = page(&root, "data/projects.csv");
    let row = projects
        .lines()
        .find(|l| l.starts_with("example-project,"))
        .unwrap();
    assert!(row.contains(",5000,3400,"), "{row}");
    let investment = page(&root, "charts/project-example-project-investment.csv");
    assert!(
        investment.contains("2022-06-30") && investment.contains("1200"),
        "{investment}"
    );
}

/// The diagnostics of a build that must fail.
fn failure(root: &Path) -> Vec<Diagnostic> {
    match build(root) {
        Ok(_) => panic!("the build must fail"),
        Err(f) => f.diagnostics,
    }
}

fn find<'a>(diagnostics: &'a [Diagnostic], part: &str) -> &'a Diagnostic {
    diagnostics
        .iter()
        .find(|d| d.message.contains(part))
        .unwrap_or_else(|| panic!("no diagnostic says {part:?}: {diagnostics:#?}"))
}

#[test]
fn a_bad_cell_is_reported_at_its_file_sheet_row_and_column() {
    let (_tmp, root) = site_with_a_real_metric();
    std::fs::create_dir_all(root.join("data/observations")).unwrap();
    let file = "data/observations/example-metric.xlsx";
    observations_workbook(&root.join(file), true);
    let diagnostics = failure(&root);
    let d = find(&diagnostics, "五十五");
    assert_eq!(d.file, Path::new(file));
    assert_eq!(d.position, Position::new(3, 2));
    assert!(
        d.message
            .starts_with("sheet \"数据\", cell B3 (数值（%）): `五十五` is not a number"),
        "{d:?}"
    );
    assert!(d.help.as_deref().unwrap().contains("plain number"), "{d:?}");
}

#[test]
fn csv_rows_get_the_same_checks_as_inline_ones_at_their_row_and_column() {
    let (_tmp, root) = site_with_a_real_metric();
    write(
        &root,
        OBSERVATIONS_FILE,
        "date,value,source,illustrative\n2022-06-30,40,exmaple-source,no\n2022-08-31,140,,\n\
         2022-08-31,50,,\n2022-09-31,50,,perhaps\n,,,\n2022-09-30,1，000,,\n",
    );
    let diagnostics = failure(&root);
    let at = |part: &str| {
        let d = find(&diagnostics, part);
        assert_eq!(d.file, Path::new(OBSERVATIONS_FILE), "{d:?}");
        (d.position, d.message.clone())
    };
    // An unknown source: the reference check of the inline form, with its suggestion.
    let d = find(&diagnostics, "unknown source `exmaple-source`");
    assert_eq!(d.position, Position::new(2, 3));
    assert!(d.message.starts_with("cell C2 (source): "), "{d:?}");
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("did you mean `example-source`")
    );
    // A percentage outside 0–100, and two values for one date: the inline rules.
    assert_eq!(at("outside 0–100").0, Position::new(3, 2));
    assert_eq!(
        at("two observation values for 2022-08-31").0,
        Position::new(4, 1)
    );
    // A date that does not exist, and a mark that is neither 是 nor 否; the empty row is skipped.
    assert_eq!(at("2022-09-31").0, Position::new(5, 1));
    assert_eq!(at("`perhaps` is neither 是 nor 否").0, Position::new(5, 4));
    let (position, message) = at("`1，000` is not a number");
    assert_eq!(position, Position::new(7, 2));
    assert!(message.starts_with("cell B7 (value): "), "{message}");
    assert_eq!(diagnostics.len(), 6, "{diagnostics:#?}");
}

#[test]
fn a_header_tongbao_does_not_read_or_a_missing_column_is_reported_at_the_header_row() {
    let (_tmp, root) = site_with_a_real_metric();
    write(&root, OBSERVATIONS_FILE, "日期,数量\n2022-06-30,40\n");
    let diagnostics = failure(&root);
    let d = find(&diagnostics, "`数量` is not a column");
    assert_eq!(d.position, Position::new(1, 2));
    assert!(d.help.as_deref().unwrap().contains("数值 (value)"), "{d:?}");
    let d = find(&diagnostics, "there is no 数值 (value) column");
    assert_eq!(d.position, Position::new(1, 0));
}

#[test]
fn a_sheet_for_an_unknown_id_says_which_id_was_meant() {
    let (_tmp, root) = site_with_a_real_metric();
    write(
        &root,
        "data/observations/example-metrc.csv",
        "日期,数值\n2022-06-30,40\n",
    );
    write(
        &root,
        "data/investment/no-such-project.csv",
        "日期,金额\n2022-06-30,40\n",
    );
    let diagnostics = failure(&root);
    let d = find(&diagnostics, "no metric has the id `example-metrc`");
    assert_eq!(d.file, Path::new("data/observations/example-metrc.csv"));
    assert!(
        d.help.as_deref().unwrap().contains(
            "did you mean `example-metric`? Rename the file to data/observations/example-metric.csv"
        ),
        "{d:?}"
    );
    let d = find(&diagnostics, "no project has the id `no-such-project`");
    assert!(
        !d.help.as_deref().unwrap().contains("did you mean"),
        "{d:?}"
    );
}

#[test]
fn rows_both_inline_and_in_a_sheet_are_an_error_naming_both_places() {
    let (_tmp, root) = site_with_a_real_metric();
    let metric = root.join("data/metrics/example-metric.yaml");
    let text = std::fs::read_to_string(&metric).unwrap();
    std::fs::write(
        &metric,
        format!("{text}observations:\n  - {{ date: 2022-06-30, value: 40 }}\n"),
    )
    .unwrap();
    write(&root, OBSERVATIONS_FILE, OBSERVATIONS);
    let diagnostics = failure(&root);
    let d = find(&diagnostics, "written twice");
    assert_eq!(d.file, Path::new(OBSERVATIONS_FILE));
    assert!(
        d.message
            .contains("under `observations:` in data/metrics/example-metric.yaml:1"),
        "{d:?}"
    );
}

#[test]
fn the_honest_site_keeps_a_metric_in_an_office_csv() {
    let (_tmp, root) = site_from_fixture("honest-site");
    build(&root).or_diagnostics();
    let csv = page(&root, "charts/metric-e-permit.csv");
    assert!(csv.contains("观测,2022-03-31,40,%"), "{csv}");
    assert!(csv.contains("观测,2024-03-31,70,%"), "{csv}");
}

#[test]
fn a_workbook_with_a_far_away_cell_is_refused_without_reading_billions_of_cells() {
    let (_tmp, root) = site_with_a_real_metric();
    std::fs::create_dir_all(root.join("data/observations")).unwrap();
    let file = "data/observations/example-metric.xlsx";
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "日期").unwrap();
    sheet.write_string(0, 1, "数值").unwrap();
    sheet.write_number(1_048_575, 16_383, 1).unwrap();
    workbook.save(root.join(file)).unwrap();
    let diagnostics = failure(&root);
    let d = find(&diagnostics, "larger than a series of dated rows");
    assert_eq!(d.file, Path::new(file));
    assert_eq!(d.position, Position::new(1_048_576, 16_384));
    assert!(
        d.message.starts_with("sheet \"Sheet1\", cell XFD1048576: "),
        "{d:?}"
    );
}
