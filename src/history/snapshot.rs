//! A publication's records, read leniently from its files: every record of `data/` and every
//! published story, by kind and id, as plain values, so two publications can be compared.
//!
//! Old commits were written for other versions of tongbao, so nothing here is strict: a field this
//! version does not know is dropped (the known fields come from the `load::records` types
//! themselves), a record without an id is skipped, and a file that cannot be parsed is named in
//! `problems` rather than failing the build. Not for: deciding what changed (`history::diff`).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::load::records::*;
pub use crate::model::RecordKind as Kind;
use crate::util::date::Date;

/// The fields this version knows for a kind of record (from the raw record types).
fn fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Metric => fields_of::<RawMetric>(),
        Kind::Project => fields_of::<RawProject>(),
        Kind::Story => fields_of::<RawFrontMatter>(),
        Kind::Unit => fields_of::<RawUnit>(),
        Kind::Post => fields_of::<RawPost>(),
        Kind::Fact => fields_of::<RawFact>(),
        Kind::County => fields_of::<RawCounty>(),
        Kind::Action => fields_of::<RawAction>(),
        Kind::Event => fields_of::<RawEvent>(),
        Kind::Source => fields_of::<RawSource>(),
    }
}

/// One record as it stood: its known fields (a story's body under `body`).
pub type Record = Arc<Map<String, Value>>;

/// The records of one file.
pub type FileRecords = Arc<Vec<(Kind, String, Record)>>;

/// What a publication held.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Every record by kind and id (a story by its slug).
    pub records: BTreeMap<(Kind, String), Record>,
    /// Files that could not be read: (path, why).
    pub problems: Vec<(String, String)>,
}

impl Snapshot {
    /// The records of the files, each parsed by `parse_file` (which may cache), keeping only
    /// stories published at `as_of` (not drafts, not dated later).
    pub fn assemble(
        files: impl IntoIterator<Item = (String, Result<FileRecords, String>)>,
        as_of: Date,
    ) -> Snapshot {
        let mut snapshot = Snapshot::default();
        for (path, parsed) in files {
            match parsed {
                Ok(records) => {
                    for (kind, id, record) in records.iter() {
                        if *kind == Kind::Story && !published(record, as_of) {
                            continue;
                        }
                        snapshot
                            .records
                            .entry((*kind, id.clone()))
                            .or_insert_with(|| record.clone());
                    }
                }
                Err(why) => snapshot.problems.push((path, why)),
            }
        }
        snapshot
    }
}

fn published(story: &Record, as_of: Date) -> bool {
    let draft = story.get("draft").and_then(Value::as_bool).unwrap_or(false);
    let date = text(story, "date").and_then(|d| Date::parse(&d, false).ok());
    !draft && date.is_some_and(|d| d <= as_of)
}

/// Whether the file at `path` (site-relative) holds records this module reads.
pub fn is_record_file(path: &str) -> bool {
    record_kind(path).is_some()
}

fn record_kind(path: &str) -> Option<(Kind, bool)> {
    if let Some(name) = path.strip_prefix("content/stories/") {
        return (name.ends_with(".md") && !name.contains('/') && !name.starts_with('.'))
            .then_some((Kind::Story, false));
    }
    let rest = path.strip_prefix("data/")?;
    let (stem, ext) = rest.rsplit_once('.')?;
    if ext != "yaml" && ext != "yml" {
        return None;
    }
    match stem.split_once('/') {
        None => Kind::from_collection(stem).map(|k| (k, true)),
        Some((folder, name)) if !name.contains('/') && !name.starts_with('.') => {
            Kind::from_collection(folder).map(|k| (k, false))
        }
        Some(_) => None,
    }
}

/// The records of one file (site-relative `path`, its `text`), or why it cannot be read.
pub fn parse_file(path: &str, text: &str) -> Result<FileRecords, String> {
    let Some((kind, is_list)) = record_kind(path) else {
        return Ok(Arc::default());
    };
    if kind == Kind::Story {
        let (front, body, _) = crate::load::split_front_matter(text)?;
        let value: Value = crate::load::parse_yaml(front, 1).map_err(|d| d.message.clone())?;
        let Value::Object(mut map) = value else {
            return Err("the front matter is not a mapping".into());
        };
        keep_known(&mut map, kind);
        map.insert("body".into(), Value::String(body.to_string()));
        let stem = path
            .rsplit('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".md")
            .to_string();
        let slug = text_of(&map, "slug").unwrap_or(stem);
        return Ok(Arc::new(vec![(kind, slug, Arc::new(map))]));
    }
    let value: Value = crate::load::parse_yaml(text, 0).map_err(|d| d.message.clone())?;
    let items = match (is_list, value) {
        (true, Value::Array(items)) => items,
        (true, Value::Null) => Vec::new(),
        (false, v @ Value::Object(_)) => vec![v],
        _ => return Err("the file does not hold records in the expected shape".into()),
    };
    Ok(Arc::new(
        items
            .into_iter()
            .filter_map(|item| {
                let Value::Object(mut map) = item else {
                    return None;
                };
                let id = text_of(&map, "id")?;
                keep_known(&mut map, kind);
                Some((kind, id, Arc::new(map)))
            })
            .collect(),
    ))
}

/// `data/site.yaml`'s `as_of`, read leniently.
pub fn site_as_of(text: &str) -> Option<Date> {
    let value: Value = crate::load::parse_yaml(text, 0).ok()?;
    let as_of = value.get("as_of")?;
    let as_of = as_of
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| as_of.to_string());
    Date::parse(&as_of, false).ok()
}

fn keep_known(map: &mut Map<String, Value>, kind: Kind) {
    let known = fields(kind);
    map.retain(|k, _| known.contains(&k.as_str()));
}

fn text_of(map: &Map<String, Value>, key: &str) -> Option<String> {
    match map.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A field of a record as text (numbers written out), if present.
pub fn text(record: &Record, key: &str) -> Option<String> {
    text_of(record, key)
}

/// The fields serde knows for `T`: the list its derived `Deserialize` hands to
/// `deserialize_struct`, captured by a deserializer that reads nothing.
fn fields_of<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    struct Probe(&'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for &mut Probe {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            _: V,
        ) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("probe"))
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0 = fields;
            Err(serde::de::Error::custom("probe"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut probe = Probe(&[]);
    let _ = T::deserialize(&mut probe);
    probe.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_known_fields_come_from_the_raw_types() {
        assert!(fields(Kind::Metric).contains(&"observations"));
        assert!(fields(Kind::Story).contains(&"title"));
        assert!(!fields(Kind::Metric).contains(&"population"));
    }

    #[test]
    fn an_old_record_with_a_field_this_version_does_not_know_is_read_without_it() {
        let records = parse_file(
            "data/metrics.yaml",
            "- id: m\n  name: 指标\n  retired_field: 3\n  observations: [{ date: 2022-01-31, value: 1 }]\n",
        )
        .unwrap();
        let (kind, id, record) = &records[0];
        assert_eq!((*kind, id.as_str()), (Kind::Metric, "m"));
        assert!(record.get("retired_field").is_none());
        assert!(record.get("observations").is_some());
    }

    #[test]
    fn a_broken_file_is_a_problem_not_a_panic() {
        assert!(parse_file("data/units.yaml", "- id: [\n").is_err());
        assert!(parse_file("content/stories/a.md", "no front matter").is_err());
    }
}
