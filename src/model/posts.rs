//! Five-zero posts (“五零”岗位) and the five zeros.

use super::{CountyIx, Provenance, StoryIx, UnitIx};
use crate::util::date::Date;

#[derive(Debug, Clone)]
pub struct Post {
    pub id: String,
    pub name: String,
    pub unit: UnitIx,
    /// The unit's county, if it has one.
    pub county: Option<CountyIx>,
    pub awarded: Date,
    pub batch: String,
    pub lead_name: String,
    pub lead_title: String,
    pub quote: String,
    /// The five zeros' accounts, in the order of `FIVE_ZEROS`.
    pub zeros: [String; 5],
    pub provenance: Provenance,
    pub stories: Vec<StoryIx>,
}

/// The five zeros, in order: data key and Chinese name.
pub const FIVE_ZEROS: [(&str, &str); 5] = [
    ("zero_error", "零差错办事"),
    ("zero_delay", "零延时服务"),
    ("zero_distance", "零距离解难"),
    ("zero_froth", "零泡沫沟通"),
    ("zero_tolerance", "零容忍追究"),
];
