//! "Did you mean": the known name closest to a mistyped one, by edit distance. Used for ids in
//! references and for the names of files tongbao does not read. Hand-written: twenty lines, and a
//! crate would add nothing but a dependency.

/// The known name closest to `wrong`, if one is close enough to be a likely typo (at most a
/// third of its length, and at least 2, edits away).
pub fn closest<'a>(wrong: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (edit_distance(wrong, k), k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_a_suggestion() {
        let known = ["wucheng", "decheng"];
        assert_eq!(closest("wuchen", known.into_iter()), Some("wucheng"));
        assert_eq!(closest("qihe", known.into_iter()), None);
        assert_eq!(edit_distance("event", "events"), 1);
    }
}
