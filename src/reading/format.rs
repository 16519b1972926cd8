//! Numbers as people read them: SI suffixes, significant digits, and the short forms links use.

/// `value` rounded to `digits` significant digits (0 stays 0).
pub fn round_significant(value: f64, digits: i32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let exponent = digits - 1 - value.abs().log10().floor() as i32;
    // Dividing by an exact power of ten, not multiplying by an inexact 1e-5, keeps
    // 11,800,000 from coming back as 11,799,999.999999998.
    if exponent >= 0 {
        let scale = 10f64.powi(exponent);
        (value * scale).round() / scale
    } else {
        let scale = 10f64.powi(-exponent);
        (value / scale).round() * scale
    }
}

/// A number with an SI suffix and at most three significant digits: 1250000 -> "1.25M".
pub fn si(value: f64) -> String {
    // Round to three significant digits first, so 999,999.9 reads "1M", not "1000k".
    let value = round_significant(value, 3);
    let magnitude = value.abs();
    let (scaled, suffix) = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|(unit, _)| magnitude >= *unit)
        .map_or((value, ""), |(unit, suffix)| (value / unit, suffix));
    let text = format!("{scaled:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}{suffix}")
}

/// A parameter value for a label: SI suffixes from 10,000 up, otherwise three significant
/// digits with no trailing zeros (`0.45`, `156`, `0.005`).
pub fn value_text(value: f64) -> String {
    if value.abs() >= 10_000.0 {
        return si(value);
    }
    let rounded = round_significant(value, 3);
    format!("{rounded}")
}

/// A percentage with one decimal and its sign: `+10.6%`, `-0.3%`.
pub fn signed_percent(value: f64) -> String {
    let value = if value.abs() < 0.05 { 0.0 } else { value };
    format!("{}{value:.1}%", if value > 0.0 { "+" } else { "" })
}

/// The shortest text that parses back to exactly `value`: `2e7`, `.03`, `1.5e6`, `156`.
pub fn compact(value: f64) -> String {
    let plain = format!("{value}");
    let exponent = format!("{value:e}");
    let shortest = if exponent.len() < plain.len() {
        exponent
    } else {
        plain
    };
    match shortest.strip_prefix("0.") {
        Some(rest) => format!(".{rest}"),
        None => shortest,
    }
}

/// Dollars with an SI suffix: `$1.25M`, `-$3k`.
pub fn dollars(value: f64) -> String {
    if value < 0.0 {
        format!("-${}", si(-value))
    } else {
        format!("${}", si(value))
    }
}

/// A share as a whole percentage: `0.934` -> `93%`; from 10 (1,000%) up, `over 1,000%`.
pub fn percent(share: f64) -> String {
    if share >= 10.0 {
        "over 1,000%".to_string()
    } else {
        format!("{:.0}%", share * 100.0)
    }
}

/// A growth factor: `71×` from 10 up, `1.7×` from 1, `0.42×` below; `n/a` when it has no
/// meaning (nothing to grow from).
pub fn times(factor: f64) -> String {
    if !(factor.is_finite() && factor > 0.0) {
        "n/a".to_string()
    } else if factor >= 10.0 {
        format!("{factor:.0}×")
    } else if factor >= 1.0 {
        format!("{factor:.1}×")
    } else {
        format!("{factor:.2}×")
    }
}

/// A span of weeks in words: whole years as `five years` (up to ten), otherwise `30 weeks`.
pub fn span(weeks: f64) -> String {
    const NUMBERS: [&str; 10] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    let years = weeks / 52.0;
    if weeks > 0.0 && years.fract() == 0.0 && years <= 10.0 {
        let n = years as usize;
        let unit = if n == 1 { "year" } else { "years" };
        format!("{} {unit}", NUMBERS[n - 1])
    } else {
        format!("{weeks:.0} weeks")
    }
}

/// What goes before item `i` of `n` in prose: nothing, `, ` or ` and ` (`a, b and c`).
pub fn separator(i: usize, n: usize) -> &'static str {
    if i == 0 {
        ""
    } else if i + 1 == n {
        " and "
    } else {
        ", "
    }
}

/// A count of things: whole numbers below 1,000 (`19`, `451`), SI suffixes above (`2.4k`).
pub fn count(value: f64) -> String {
    if value.abs() < 999.5 {
        format!("{value:.0}")
    } else {
        si(value)
    }
}
