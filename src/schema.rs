//! Each record kind described once: its fields in the order the data files write them, what each
//! holds (the comment `tongbao new` writes above it), the value a new record starts with, and the
//! column it becomes in the dataset download (`/data/<kind>.csv`).
//!
//! The scaffold (`scaffold`) and the CSV downloads (`export::dataset`) both follow these tables,
//! so a new field is one entry here. Columns computed from other data (a unit's post count, a
//! project's overdue milestones) are entries without a data key; the JSON download and the
//! metrics CSV (one row per reading, not per record) are written by hand.

use crate::model::{Post, Project, Site, Unit, UnitKind};
use crate::util::format;

/// One field of a record, or one computed column of its download.
pub struct Field<T: 'static> {
    /// The key in the data file; `None` for a column computed from other fields.
    pub key: Option<&'static str>,
    /// The comment `new` writes above the field (Chinese, for the office's editors); may hold the
    /// placeholders of [`Example`].
    pub help: &'static str,
    /// What a new record holds in this field.
    pub example: Example,
    /// The column in the CSV download: header and value; `None` when the field is not a column.
    pub column: Option<Column<T>>,
}

/// A column of a CSV download.
pub struct Column<T: 'static> {
    pub header: &'static str,
    pub value: fn(&Site, &T) -> String,
}

/// What a new record holds in a field. The text may hold `{id}` (the new record's id), `{as_of}`
/// (the site's reporting date), `{year}` (its year), `{unit}` and `{county}` (the first unit and
/// county of the site), `{source}` (its first source) and `{kinds}` (the unit kinds).
#[derive(Debug, Clone, Copy)]
pub enum Example {
    /// `key: text`.
    Value(&'static str),
    /// `# key: text`: an optional field, shown but left out.
    Commented(&'static str),
    /// No line of its own (computed columns; fields written as part of another's example).
    None,
}

/// The field of a record's source and illustrative flag, the same for every record kind.
macro_rules! provenance_fields {
    ($t:ty, $illustrative_help:literal, $illustrative:literal) => {
        [
            Field::<$t> {
                key: Some("source"),
                help: "来源：data/sources 中的来源 id；公开的数字都要注明来源",
                example: Example::Value("{source}"),
                column: Some(Column {
                    header: "来源",
                    value: |site, r| source_id(site, r.provenance.source),
                }),
            },
            Field::<$t> {
                key: Some("illustrative"),
                help: $illustrative_help,
                example: Example::Value($illustrative),
                column: Some(Column {
                    header: "示意数据",
                    // 是 when the record is illustrative, 部分 when a figure in its row is.
                    value: |site, r| crate::model::Marked::marking(r, site).csv().to_string(),
                }),
            },
        ]
    };
}

fn source_id(site: &Site, source: Option<usize>) -> String {
    source
        .map(|s| site.sources[s].id.clone())
        .unwrap_or_default()
}

fn county_id(site: &Site, county: Option<usize>) -> String {
    county
        .map(|c| site.counties[c].id.clone())
        .unwrap_or_default()
}

/// 是 / 否, as a spreadsheet shows a yes-or-no column.
pub fn flag(b: bool) -> String {
    if b { "是" } else { "否" }.to_string()
}

/// A number for a download: up to six decimals, no trailing zeros.
pub fn number(v: f64) -> String {
    format::number(v, 6)
}

fn field<T>(key: &'static str, help: &'static str, example: Example) -> Field<T> {
    Field {
        key: Some(key),
        help,
        example,
        column: None,
    }
}

fn column<T>(
    key: Option<&'static str>,
    help: &'static str,
    example: Example,
    header: &'static str,
    value: fn(&Site, &T) -> String,
) -> Field<T> {
    Field {
        key,
        help,
        example,
        column: Some(Column { header, value }),
    }
}

/// A unit (单位), `data/units`.
pub fn unit() -> Vec<Field<Unit>> {
    let mut fields: Vec<Field<Unit>> = vec![
        column(
            Some("id"),
            "单位 id：用于网址和引用，只能用小写字母、数字和连字符",
            Example::Value("{id}"),
            "id",
            |_, u| u.id.clone(),
        ),
        column(
            Some("name"),
            "单位全称（必填）",
            Example::Value("待填写的单位名称"),
            "名称",
            |_, u| u.name.clone(),
        ),
        column(
            Some("kind"),
            "类别（必填）：{kinds}",
            Example::Value("city-department"),
            "类别",
            |_, u| u.kind.label().to_string(),
        ),
        column(
            Some("county"),
            "所在县市区：data/counties 中的 id；市直部门不填",
            Example::Commented("{county}"),
            "县市区",
            |site, u| county_id(site, u.county),
        ),
        column(
            Some("pilot"),
            "是否试点单位",
            Example::Value("false"),
            "试点单位",
            |_, u| flag(u.pilot),
        ),
        field("summary", "一两句话的简介", Example::Value("\"\"")),
        column(None, "", Example::None, "荣誉", |_, u| {
            u.honours
                .iter()
                .map(|h| format!("{}（{}年）", h.title, h.year))
                .collect::<Vec<_>>()
                .join("；")
        }),
        column(
            None,
            "",
            Example::None,
            "最新四色评定年度",
            |_, u| {
                u.ratings
                    .last()
                    .map(|r| r.year.to_string())
                    .unwrap_or_default()
            },
        ),
        column(None, "", Example::None, "最新四色评定", |_, u| {
            u.ratings
                .last()
                .map(|r| r.colour.label().to_string())
                .unwrap_or_default()
        }),
        column(None, "", Example::None, "“五零”岗位数", |_, u| {
            u.posts.len().to_string()
        }),
    ];
    fields.extend(provenance_fields!(
        Unit,
        "示意（编造的）数据填 true，页面上会标注“示意数据”",
        "false"
    ));
    fields
}

/// A five-zero post (“五零”岗位), `data/posts`.
pub fn post() -> Vec<Field<Post>> {
    let mut fields: Vec<Field<Post>> = vec![
        column(
            Some("id"),
            "岗位 id：用于网址和引用，只能用小写字母、数字和连字符",
            Example::Value("{id}"),
            "id",
            |_, p| p.id.clone(),
        ),
        column(
            Some("name"),
            "岗位名称（必填），如“市公路事业发展中心路产保护科”",
            Example::Value("待填写的岗位名称"),
            "名称",
            |_, p| p.name.clone(),
        ),
        column(
            Some("unit"),
            "所属单位（必填）：data/units 中的 id",
            Example::Value("{unit}"),
            "单位id",
            |site, p| site.units[p.unit].id.clone(),
        ),
        column(None, "", Example::None, "单位", |site, p| {
            site.units[p.unit].name.clone()
        }),
        column(None, "", Example::None, "县市区", |site, p| {
            county_id(site, p.county)
        }),
        column(
            Some("awarded"),
            "获评日期（必填，YYYY-MM-DD）",
            Example::Value("{as_of}"),
            "命名日期",
            |_, p| p.awarded.to_string(),
        ),
        column(
            Some("batch"),
            "批次，如“2022年8月首批“五零”岗位”",
            Example::Value("\"\""),
            "批次",
            |_, p| p.batch.clone(),
        ),
        column(
            Some("lead"),
            "负责人（可删去）",
            Example::Value("{ name: 待填写, title: 科长 }"),
            "负责人",
            |_, p| p.lead_name.clone(),
        ),
        column(None, "", Example::None, "职务", |_, p| {
            p.lead_title.clone()
        }),
        field(
            "zeros",
            "“五零”做法（必填，每项一两句话）",
            Example::Value(
                "\n  zero_error: 零差错办事：待填写\n  zero_delay: 零延时服务：待填写\n  zero_distance: 零距离解难：待填写\n  zero_froth: 零泡沫沟通：待填写\n  zero_tolerance: 零容忍追究：待填写",
            ),
        ),
    ];
    fields.extend(provenance_fields!(
        Post,
        "示意（编造的）数据填 true",
        "false"
    ));
    fields
}

/// A project (重点项目), `data/projects`.
pub fn project() -> Vec<Field<Project>> {
    let mut fields: Vec<Field<Project>> = vec![
        column(
            Some("id"),
            "项目 id：用于网址和引用，只能用小写字母、数字和连字符",
            Example::Value("{id}"),
            "id",
            |_, p| p.id.clone(),
        ),
        column(
            Some("name"),
            "项目名称（必填）",
            Example::Value("待填写的项目名称"),
            "名称",
            |_, p| p.name.clone(),
        ),
        column(
            Some("county"),
            "所在县市区（必填）：data/counties 中的 id；跨县项目改写 counties: [id, id]，全市项目改写 scope: city",
            Example::Value("{county}"),
            "县市区",
            |site, p| p.place.ids(&site.counties),
        ),
        column(
            Some("lead_unit"),
            "牵头单位：data/units 中的 id（可删去）",
            Example::Commented(""),
            "牵头单位",
            |site, p| {
                p.lead_unit
                    .map(|u| site.units[u].id.clone())
                    .unwrap_or_default()
            },
        ),
        column(
            Some("category"),
            "行业类别，如“文化旅游”",
            Example::Value("\"\""),
            "类别",
            |_, p| p.category.clone(),
        ),
        column(
            Some("programme"),
            "所属计划（必填）：battle-map（挂图作战）或 key（其他重点项目）",
            Example::Value("battle-map"),
            "项目类型",
            |_, p| p.programme.label().to_string(),
        ),
        column(
            Some("planned_investment"),
            "计划投资，单位万元；下面的 0 是占位数，请填实际数字；未公布时删去此行（页面显示“未公布”，不当作0）",
            Example::Value("0"),
            "计划投资（万元）",
            |_, p| p.planned_investment.map(number).unwrap_or_default(),
        ),
        column(
            Some("invested"),
            "累计完成投资（万元），按日期逐条记录；也可删去此行，改用表格 data/investment/{id}.csv 或 .xlsx（表头：日期,金额）",
            Example::Value("[]"),
            "累计完成投资（万元）",
            // Empty, never 0, when nothing is reported.
            |_, p| p.invested_reported().map(number).unwrap_or_default(),
        ),
        column(
            Some("status"),
            "状态（必填）：planned（未开工）、started（已开工）、completed（已完工）",
            Example::Value("planned"),
            "状态",
            |_, p| p.status.label().to_string(),
        ),
        column(
            Some("start"),
            "开工日期和计划完工日期（YYYY-MM-DD，可删去）",
            Example::Commented("{as_of}"),
            "开工日期",
            |_, p| p.start.map(|d| d.to_string()).unwrap_or_default(),
        ),
        column(
            Some("target"),
            "",
            Example::Commented("{year}-12-31"),
            "目标日期",
            |_, p| p.target.map(|d| d.to_string()).unwrap_or_default(),
        ),
        column(
            Some("milestones"),
            "节点：- { title: 主体完工, due: {year}-12-31 }",
            Example::Value("[]"),
            "逾期节点数",
            |site, p| p.overdue_milestones(site.settings.as_of).to_string(),
        ),
    ];
    fields.extend(provenance_fields!(
        Project,
        "示意（编造的）数据填 true；填入真实数字后改为 false",
        "true"
    ));
    fields
}

/// A column of a spreadsheet of dated rows kept beside the YAML: a metric's observations in
/// `data/observations/<metric id>.csv|xlsx`, a project's investment series in
/// `data/investment/<project id>.csv|xlsx`. Each column is a field of the inline form.
#[derive(Debug)]
pub struct SheetColumn {
    /// The key of the same field in the inline YAML form, also accepted as the header.
    pub key: &'static str,
    /// The Chinese header names accepted for it (an office's own words).
    pub names: &'static [&'static str],
    /// Whether every sheet must have this column.
    pub required: bool,
}

/// The columns of `data/observations/<metric id>.csv|xlsx`: the fields of an inline observation.
pub const OBSERVATION_COLUMNS: &[SheetColumn] = &[
    SheetColumn {
        key: "date",
        names: &["日期"],
        required: true,
    },
    SheetColumn {
        key: "value",
        names: &["数值", "观测值", "值"],
        required: true,
    },
    SheetColumn {
        key: "source",
        names: &["来源"],
        required: false,
    },
    SheetColumn {
        key: "illustrative",
        names: &["示意数据", "示意"],
        required: false,
    },
];

/// The columns of `data/investment/<project id>.csv|xlsx`: the fields of an inline `invested`
/// entry. Its source and 示意数据 mark are the project's own (`source`, `illustrative` in
/// `data/projects`), as for the inline form.
pub const INVESTMENT_COLUMNS: &[SheetColumn] = &[
    SheetColumn {
        key: "date",
        names: &["日期"],
        required: true,
    },
    SheetColumn {
        key: "amount",
        names: &["金额", "累计投资", "累计完成投资"],
        required: true,
    },
];

/// The fields of a record kind that have no download of their own per record (metrics, whose CSV
/// has a row per reading; stories, whose front matter this describes).
pub struct Fields(pub Vec<(&'static str, &'static str, Example)>);

/// A metric (指标), `data/metrics`.
pub fn metric() -> Fields {
    Fields(vec![
        (
            "id",
            "指标 id：用于网址和引用，只能用小写字母、数字和连字符",
            Example::Value("{id}"),
        ),
        (
            "name",
            "指标名称（必填）",
            Example::Value("待填写的指标名称"),
        ),
        (
            "unit_label",
            "计量单位（必填），如 \"%\"、\"天\"、\"件\"",
            Example::Value("\"%\""),
        ),
        (
            "direction",
            "方向（必填）：higher（越高越好）或 lower（越低越好）",
            Example::Value("higher"),
        ),
        (
            "target",
            "目标（必填）：数值和期限；下面的 100 是占位数，请填实际目标",
            Example::Value("{ value: 100, deadline: {year}-12-31 }"),
        ),
        (
            "observations",
            "基线和逐次观测值：- { date: {as_of}, value: 0 }；也可删去此行，改用表格 data/observations/{id}.csv 或 .xlsx（表头：日期,数值,来源,示意数据）",
            Example::Value("[]"),
        ),
        (
            "frequency",
            "报送频率：monthly（按月，默认）、quarterly、half-yearly、yearly；最新数据隔两个周期以上未更新即显示“数据未更新”",
            Example::Commented("monthly"),
        ),
        ("summary", "一两句话说明指标口径", Example::Value("\"\"")),
        (
            "source",
            "来源：data/sources 中的来源 id；公开的数字都要注明来源",
            Example::Value("{source}"),
        ),
        (
            "illustrative",
            "示意（编造的）数据填 true；填入真实数字后改为 false",
            Example::Value("true"),
        ),
    ])
}

/// A story's front matter, `content/stories/<slug>.md`.
pub fn story_front_matter() -> Fields {
    Fields(vec![
        ("title", "标题（必填）", Example::Value("待填写的标题")),
        (
            "date",
            "发布日期（必填，YYYY-MM-DD）；晚于 data/site.yaml 中 as_of 的报道暂不发布",
            Example::Value("{as_of}"),
        ),
        (
            "summary",
            "摘要：报道列表和搜索结果里显示的一两句话",
            Example::Value("待填写的摘要"),
        ),
        (
            "units",
            "相关单位、“五零”岗位、重点项目、县市区：填 data/ 中记录的 id，如 [city-audit-bureau]",
            Example::Value("[]"),
        ),
        ("posts", "", Example::Value("[]")),
        ("projects", "", Example::Value("[]")),
        ("counties", "", Example::Value("[]")),
        (
            "tags",
            "标签，如 [挂图作战, 百日攻坚]",
            Example::Value("[]"),
        ),
        (
            "reporter",
            "记者、通讯员、初审编辑、责任编辑",
            Example::Value("\"\""),
        ),
        ("correspondents", "", Example::Value("[]")),
        ("first_review_editor", "", Example::Value("\"\"")),
        ("responsible_editor", "", Example::Value("\"\"")),
        (
            "draft",
            "草稿：true 时不发布（用 tongbao serve --drafts 预览），定稿后改为 false",
            Example::Value("{draft}"),
        ),
    ])
}

impl<T> From<Vec<Field<T>>> for Fields {
    fn from(fields: Vec<Field<T>>) -> Self {
        Fields(
            fields
                .into_iter()
                .filter_map(|f| f.key.map(|k| (k, f.help, f.example)))
                .collect(),
        )
    }
}

/// The unit kinds as a new unit's comment lists them.
pub fn unit_kinds() -> String {
    UnitKind::NAMES.join(", ")
}

/// The CSV header and rows of `records` by their description's columns.
pub fn table<T>(
    site: &Site,
    fields: &[Field<T>],
    records: &[T],
) -> (Vec<String>, Vec<Vec<String>>) {
    let columns: Vec<&Column<T>> = fields.iter().filter_map(|f| f.column.as_ref()).collect();
    let headers = columns.iter().map(|c| c.header.to_string()).collect();
    let rows = records
        .iter()
        .map(|r| columns.iter().map(|c| (c.value)(site, r)).collect())
        .collect();
    (headers, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scaffold_comments_name_every_spreadsheet_column() {
        let observations = metric()
            .0
            .into_iter()
            .find(|(key, ..)| *key == "observations")
            .unwrap()
            .1;
        let invested = Fields::from(project())
            .0
            .into_iter()
            .find(|(key, ..)| *key == "invested")
            .unwrap()
            .1;
        for (help, columns, folder) in [
            (
                observations,
                OBSERVATION_COLUMNS,
                "data/observations/{id}.csv",
            ),
            (invested, INVESTMENT_COLUMNS, "data/investment/{id}.csv"),
        ] {
            assert!(help.contains(folder), "{help}");
            let headers: Vec<&str> = columns.iter().map(|c| c.names[0]).collect();
            assert!(help.contains(&headers.join(",")), "{help}");
        }
    }
}
