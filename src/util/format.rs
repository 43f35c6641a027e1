//! Chinese number style for pages, tables and charts: money in 万元 / 亿元 (GB/T 15835: `3.45亿元`,
//! never `3亿4500万元`), percentages with sensible decimals, plain numbers without trailing zeros.

/// A number with at most `decimals` decimals and no trailing zeros: `90`, `84.5`, `3.45`.
pub fn number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".to_string() } else { text }
}

/// Money given in 万元: `1076亿元` from 10760000, `4500万元` from 4500, `3.45亿元` from 34500.
pub fn money_wan(wan: f64) -> String {
    let (value, unit) = money_parts(wan);
    format!("{value}{unit}")
}

/// Money given in 万元, split into the number and its unit (`亿元` from 1亿 up, else `万元`).
pub fn money_parts(wan: f64) -> (String, &'static str) {
    if wan.abs() >= 10_000.0 {
        (number(wan / 10_000.0, 2), "亿元")
    } else {
        (number(wan, if wan.abs() >= 100.0 { 0 } else { 1 }), "万元")
    }
}

/// A percentage: `91%`, `98.6%`.
pub fn percent(value: f64) -> String {
    format!("{}%", number(value, 1))
}

/// A value with its unit label, the percent sign attached, other units after the number.
pub fn with_unit(value: f64, unit_label: &str) -> String {
    match unit_label.trim() {
        "%" => percent(value),
        "" => number(value, 2),
        unit => format!("{}{unit}", number(value, 2)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_follows_chinese_units() {
        assert_eq!(money_wan(10_760_000.0), "1076亿元");
        assert_eq!(money_wan(34_500.0), "3.45亿元");
        assert_eq!(money_wan(4_500.0), "4500万元");
        assert_eq!(money_wan(12.26), "12.3万元");
        assert_eq!(money_wan(0.0), "0万元");
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(number(90.0, 1), "90");
        assert_eq!(percent(98.56), "98.6%");
        assert_eq!(number(-0.0001, 1), "0");
        assert_eq!(number(f64::NAN, 1), "—");
        assert_eq!(with_unit(3.5, "天"), "3.5天");
    }
}
