//! How changes are printed in the review page and the summary: signed, rounded, readable.

use crate::config::Rounding;
use crate::number::NumberValue;
use crate::number::format::grouped;

/// A signed change, in percentage points when the number prints as a percentage.
pub(crate) fn delta(value: Option<f64>, printed: Option<&NumberValue>) -> String {
    let Some(value) = value else {
        return String::new();
    };
    if printed.is_some_and(|p| p.formatted.trim_end().ends_with('%')) {
        return format!("{} pp", signed(value * 100.0));
    }
    signed(value)
}

/// A signed relative change as a percentage.
pub(crate) fn relative(value: Option<f64>) -> String {
    value.map_or(String::new(), |v| format!("{}%", signed(v * 100.0)))
}

/// `up`, `down` or empty, for colouring.
pub(crate) fn direction(value: Option<f64>) -> &'static str {
    match value {
        Some(v) if v > 0.0 => "up",
        Some(v) if v < 0.0 => "down",
        _ => "",
    }
}

/// A number with a sign, three significant figures below 100 and thousands separators above.
pub(crate) fn signed(value: f64) -> String {
    let sign = if value > 0.0 {
        "+"
    } else if value < 0.0 {
        "−"
    } else {
        ""
    };
    format!("{sign}{}", magnitude(value.abs()))
}

/// An unsigned number shown to a sensible precision.
pub(crate) fn magnitude(value: f64) -> String {
    if value >= 100.0 {
        return grouped(value, 0, Rounding::HalfUp);
    }
    if value == 0.0 {
        return "0".into();
    }
    let decimals = (2 - value.log10().floor() as i32).clamp(0, 6) as usize;
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(text: &str) -> NumberValue {
        NumberValue {
            description: String::new(),
            formatted: text.into(),
            raw: 0.0,
        }
    }

    #[test]
    fn changes_read_naturally() {
        assert_eq!(signed(1234.4), "+1,234");
        assert_eq!(signed(-0.012345), "−0.0123");
        assert_eq!(signed(2.5), "+2.5");
        assert_eq!(signed(0.0), "0");
        assert_eq!(delta(Some(0.031), Some(&printed("14%"))), "+3.1 pp");
        assert_eq!(delta(Some(-250.0), Some(&printed("41,000"))), "−250");
        assert_eq!(relative(Some(0.125)), "+12.5%");
        assert_eq!(relative(None), "");
    }
}
