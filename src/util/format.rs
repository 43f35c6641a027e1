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

/// Money given in 万元: `1076亿元` from 10760000, `4500万元` from 4500, `3.45亿元` from 34500,
/// `0.65万元` from 0.65.
pub fn money_wan(wan: f64) -> String {
    let (value, unit) = money_parts(wan);
    format!("{value}{unit}")
}

/// Decimals that keep two significant digits of a magnitude below 1 (`0.65`, `0.042`).
fn two_significant(abs: f64) -> usize {
    if abs <= 0.0 || !abs.is_finite() {
        return 0;
    }
    (1 - abs.log10().floor() as i64).clamp(0, 8) as usize
}

/// `value` rounded to `decimals` decimals.
fn rounded(value: f64, decimals: usize) -> f64 {
    let scale = 10f64.powi(decimals as i32);
    (value * scale).round() / scale
}

/// Money given in 万元, split into the number and its unit. Below 1万 two significant digits are
/// kept (`0.65万元`, never `0.7万元` or `0万元`); up to 100万 one decimal, then whole 万. The unit
/// is chosen after rounding, so 9999.6万元 is `1亿元`, not `10000万元`.
pub fn money_parts(wan: f64) -> (String, &'static str) {
    if !wan.is_finite() {
        return (number(wan, 0), "万元");
    }
    let abs = wan.abs();
    let decimals = if abs >= 100.0 {
        0
    } else if abs >= 1.0 {
        1
    } else {
        two_significant(abs)
    };
    if rounded(abs, decimals) >= 10_000.0 {
        (number(wan / 10_000.0, 2), "亿元")
    } else {
        (number(wan, decimals), "万元")
    }
}

/// A percentage: `91%`, `98.6%`.
pub fn percent(value: f64) -> String {
    format!("{}%", number(value, 1))
}

/// A value with its unit, as pages, tables and charts show it, split into the number and the unit
/// shown: percentages as they are; money in 元 or 万元 in 万元 / 亿元 (`3600000000` 元 is `36亿元`);
/// counts of 10万 or more in 万 / 亿 (`125000` 人 is `12.5万人`), the unit chosen after rounding.
pub fn quantity_parts(value: f64, unit_label: &str) -> (String, String) {
    let unit = unit_label.trim();
    match unit {
        "%" => (number(value, 1), "%".to_string()),
        "万元" => {
            let (n, u) = money_parts(value);
            (n, u.to_string())
        }
        "元" if value.is_finite() && value.abs() >= 10_000.0 => {
            let (n, u) = money_parts(value / 10_000.0);
            (n, u.to_string())
        }
        _ if value.is_finite() && value.abs() >= 100_000.0 => {
            if rounded(value.abs() / 10_000.0, 2) >= 10_000.0 {
                (number(value / 100_000_000.0, 2), format!("亿{unit}"))
            } else {
                (number(value / 10_000.0, 2), format!("万{unit}"))
            }
        }
        _ => (number(value, 2), unit.to_string()),
    }
}

/// A value with its unit label, the percent sign attached, other units after the number (see
/// [`quantity_parts`]).
pub fn with_unit(value: f64, unit_label: &str) -> String {
    let (n, u) = quantity_parts(value, unit_label);
    format!("{n}{u}")
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
    fn small_money_keeps_two_significant_digits_and_the_unit_follows_rounding() {
        assert_eq!(money_wan(0.65), "0.65万元");
        assert_eq!(money_wan(0.042), "0.042万元");
        assert_eq!(money_wan(0.999), "1万元");
        assert_eq!(money_wan(9999.6), "1亿元");
        assert_eq!(money_wan(9999.4), "9999万元");
        assert_eq!(money_wan(-0.65), "-0.65万元");
        assert_eq!(money_wan(f64::NAN), "—万元");
    }

    #[test]
    fn yuan_and_large_counts_use_wan_and_yi() {
        assert_eq!(with_unit(3_600_000_000.0, "元"), "36亿元");
        assert_eq!(with_unit(6_500.0, "元"), "6500元");
        assert_eq!(with_unit(65_000.0, "元"), "6.5万元");
        assert_eq!(with_unit(125_000.0, "人"), "12.5万人");
        assert_eq!(with_unit(99_999.0, "人"), "99999人");
        assert_eq!(with_unit(999_999_999.0, "件"), "10亿件");
        assert_eq!(with_unit(1076.0, "亿元"), "1076亿元");
        assert_eq!(with_unit(98.6, "%"), "98.6%");
        assert_eq!(with_unit(2.5, "万元"), "2.5万元");
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
