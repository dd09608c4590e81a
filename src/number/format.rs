//! Display formats for numbers: `41,000`, `14%`, `£23,189`, `0.91`, `one in five`, `twice`.
//!
//! Rounding is done on the decimal value with a tolerance for binary representation error, so
//! 0.125 rounds half-up to 0.13 as a reader expects, not to 0.12 as `f64` arithmetic would.

use serde::{Deserialize, Serialize};

use crate::config::{NumberFormat, Rounding};

/// Everything that decides how a raw value is shown.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FormatSpec {
    /// The display format.
    pub format: NumberFormat,
    /// Decimal places; `None` uses the format's default.
    pub decimals: Option<u8>,
    /// Round to a multiple of this step first.
    pub round_to: Option<f64>,
    /// Rounding rule.
    pub rounding: Rounding,
    /// Show `+` on positive values.
    pub signed: bool,
}

impl FormatSpec {
    /// The display settings of a declared number.
    pub(crate) fn of(config: &crate::config::NumberConfig) -> Self {
        Self {
            format: config.format,
            decimals: config.decimals,
            round_to: config.round_to,
            rounding: config.rounding,
            signed: config.signed,
        }
    }
}

/// How a printed value relates to the raw one, for wording that must stay true when the data
/// change ("nearly 350,000" must not survive a rise to 350,816).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Qualifier {
    /// Printed exactly, or in a format of words.
    #[default]
    Exact,
    /// Printed above the raw value: "nearly".
    Nearly,
    /// Printed below the raw value: "just over".
    JustOver,
}

impl Qualifier {
    /// Every qualifier that prints words.
    const WORDED: [Qualifier; 2] = [Qualifier::Nearly, Qualifier::JustOver];

    /// The words printed before the number (`{{ approx.<name> }}`); empty when exact.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Qualifier::Exact => "",
            Qualifier::Nearly => "nearly",
            Qualifier::JustOver => "just over",
        }
    }

    /// The qualifier a sentence prints immediately before a number, given the text before it.
    pub(crate) fn printed_before(text: &str) -> Option<Qualifier> {
        let text = text.trim_end().to_lowercase();
        Qualifier::WORDED
            .into_iter()
            .find(|q| text.ends_with(q.words()))
    }
}

/// The qualifier of `raw` printed with `spec`: [`Qualifier::Nearly`] when printed above the
/// raw value, [`Qualifier::JustOver`] when below.
pub(crate) fn qualifier(raw: f64, spec: &FormatSpec) -> Qualifier {
    let decimals = spec.decimals.unwrap_or(match spec.format {
        NumberFormat::Ratio => 2,
        _ => 0,
    });
    let shown = match spec.format {
        NumberFormat::Percent => round(stepped(raw * 100.0, spec), decimals, spec.rounding) / 100.0,
        NumberFormat::OneIn | NumberFormat::Times => return Qualifier::Exact,
        _ => round(stepped(raw, spec), decimals, spec.rounding),
    };
    let tolerance = 1e-9 * shown.abs().max(1.0);
    if raw < shown - tolerance {
        Qualifier::Nearly
    } else if raw > shown + tolerance {
        Qualifier::JustOver
    } else {
        Qualifier::Exact
    }
}

/// Formats `raw` for printing in the report.
pub(crate) fn format_value(raw: f64, spec: &FormatSpec) -> String {
    let decimals = spec.decimals.unwrap_or(match spec.format {
        NumberFormat::Ratio => 2,
        _ => 0,
    });
    let text = match spec.format {
        NumberFormat::Thousands => grouped(stepped(raw, spec), decimals, spec.rounding),
        NumberFormat::Plain => plain(stepped(raw, spec), decimals, spec.rounding),
        NumberFormat::Percent => {
            format!(
                "{}%",
                plain(stepped(raw * 100.0, spec), decimals, spec.rounding)
            )
        }
        NumberFormat::Money => {
            let value = stepped(raw, spec);
            let body = grouped(value.abs(), decimals, spec.rounding);
            if round(value, decimals, spec.rounding) < 0.0 {
                format!("−£{body}")
            } else {
                format!("£{body}")
            }
        }
        NumberFormat::Ratio => plain(stepped(raw, spec), decimals, spec.rounding),
        NumberFormat::OneIn => one_in(raw),
        NumberFormat::Times => times(raw),
    };
    // Positive as displayed: "+0%" must never appear for a value that rounds to zero.
    let shows_positive =
        !text.starts_with('−') && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    if spec.signed
        && shows_positive
        && !matches!(spec.format, NumberFormat::OneIn | NumberFormat::Times)
    {
        format!("+{text}")
    } else {
        text
    }
}

fn stepped(raw: f64, spec: &FormatSpec) -> f64 {
    match spec.round_to {
        Some(step) if step > 0.0 => round(raw / step, 0, spec.rounding) * step,
        _ => raw,
    }
}

/// Rounds `value` to `decimals` places with `rule`.
pub(crate) fn round(value: f64, decimals: u8, rule: Rounding) -> f64 {
    let scale = 10f64.powi(i32::from(decimals));
    let scaled = value * scale;
    // Values such as 0.125 * 100 = 12.499999999999998 must count as exact halves.
    let tolerance = 1e-9 * scaled.abs().max(1.0);
    let floor = scaled.floor();
    let fraction = scaled - floor;
    let rounded = match rule {
        Rounding::Down => {
            if scaled >= 0.0 {
                (scaled + tolerance).floor()
            } else {
                (scaled - tolerance).ceil()
            }
        }
        Rounding::Up => {
            if scaled >= 0.0 {
                (scaled - tolerance).ceil()
            } else {
                (scaled + tolerance).floor()
            }
        }
        Rounding::HalfUp => {
            if (fraction - 0.5).abs() <= tolerance {
                if scaled >= 0.0 { floor + 1.0 } else { floor }
            } else {
                scaled.round()
            }
        }
        Rounding::HalfEven => {
            if (fraction - 0.5).abs() <= tolerance {
                if floor.rem_euclid(2.0) == 0.0 {
                    floor
                } else {
                    floor + 1.0
                }
            } else {
                scaled.round()
            }
        }
    };
    rounded / scale
}

fn plain(value: f64, decimals: u8, rule: Rounding) -> String {
    let rounded = round(value, decimals, rule);
    let text = format!("{:.*}", usize::from(decimals), rounded);
    if text.starts_with('-') && text.trim_start_matches(['-', '0', '.']).is_empty() {
        // Never print "-0".
        return text[1..].to_owned();
    }
    text.replacen('-', "−", 1)
}

/// `value` rounded to `decimals` places with thousands separators (`12,345.6`).
pub(crate) fn grouped(value: f64, decimals: u8, rule: Rounding) -> String {
    let text = plain(value, decimals, rule);
    let (sign, body) = match text.strip_prefix('−') {
        Some(rest) => ("−", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = body
        .split_once('.')
        .map_or((body, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

const SMALL: [&str; 11] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// Numbers up to ten in words, larger ones in digits (house style).
fn count_words(n: u64) -> String {
    usize::try_from(n)
        .ok()
        .and_then(|i| SMALL.get(i))
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

fn one_in(fraction: f64) -> String {
    if fraction.is_nan() || fraction <= 0.0 {
        return "none".to_owned();
    }
    let n = round(1.0 / fraction, 0, Rounding::HalfUp).max(1.0) as u64;
    if n == 1 {
        "all".to_owned()
    } else {
        format!("one in {}", count_words(n))
    }
}

/// A multiple in words, by the claims' rule: 2.33 is "more than twice", never "twice".
fn times(multiple: f64) -> String {
    super::words::multiple(multiple)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(format: NumberFormat) -> FormatSpec {
        FormatSpec {
            format,
            decimals: None,
            round_to: None,
            rounding: Rounding::HalfUp,
            signed: false,
        }
    }

    #[test]
    fn thousands_group_digits_and_round_to_a_step() {
        assert_eq!(
            format_value(41_237.4, &spec(NumberFormat::Thousands)),
            "41,237"
        );
        let step = FormatSpec {
            round_to: Some(1000.0),
            ..spec(NumberFormat::Thousands)
        };
        assert_eq!(format_value(41_237.4, &step), "41,000");
        let down = FormatSpec {
            rounding: Rounding::Down,
            ..step
        };
        assert_eq!(format_value(339_870.0, &down), "339,000");
        assert_eq!(format_value(999.5, &spec(NumberFormat::Thousands)), "1,000");
        assert_eq!(
            format_value(-1_234_567.0, &spec(NumberFormat::Thousands)),
            "−1,234,567"
        );
    }

    #[test]
    fn percents_round_half_up_on_the_decimal_value() {
        assert_eq!(format_value(0.14, &spec(NumberFormat::Percent)), "14%");
        assert_eq!(format_value(0.125, &spec(NumberFormat::Percent)), "13%");
        assert_eq!(format_value(0.0749, &spec(NumberFormat::Percent)), "7%");
        let one_dp = FormatSpec {
            decimals: Some(1),
            ..spec(NumberFormat::Percent)
        };
        assert_eq!(format_value(0.9249, &one_dp), "92.5%");
        let signed = FormatSpec {
            signed: true,
            ..spec(NumberFormat::Percent)
        };
        assert_eq!(format_value(0.37, &signed), "+37%");
        assert_eq!(format_value(-0.08, &signed), "−8%");
        assert_eq!(format_value(-0.001, &spec(NumberFormat::Percent)), "0%");
    }

    #[test]
    fn half_even_differs_from_half_up_only_on_halves() {
        assert_eq!(round(2.5, 0, Rounding::HalfEven), 2.0);
        assert_eq!(round(3.5, 0, Rounding::HalfEven), 4.0);
        assert_eq!(round(2.5, 0, Rounding::HalfUp), 3.0);
        assert_eq!(round(2.6, 0, Rounding::HalfEven), 3.0);
        assert_eq!(round(1.01, 0, Rounding::Up), 2.0);
        assert_eq!(round(1.0, 0, Rounding::Up), 1.0);
    }

    #[test]
    fn qualifiers_follow_the_rounding() {
        let mut thousands = spec(NumberFormat::Thousands);
        thousands.round_to = Some(10_000.0);
        assert_eq!(qualifier(339_247.6, &thousands).words(), "nearly");
        assert_eq!(qualifier(351_632.1, &thousands).words(), "just over");
        assert_eq!(qualifier(350_000.0, &thousands).words(), "");
        assert_eq!(
            qualifier(0.1298, &spec(NumberFormat::Percent)).words(),
            "nearly"
        );
        assert_eq!(
            qualifier(0.1349, &spec(NumberFormat::Percent)).words(),
            "just over"
        );
        assert_eq!(qualifier(2.2, &spec(NumberFormat::Times)).words(), "");
    }

    #[test]
    fn a_printed_qualifier_is_read_back_from_its_sentence() {
        assert_eq!(
            Qualifier::printed_before("There are Just over"),
            Some(Qualifier::JustOver)
        );
        assert_eq!(
            Qualifier::printed_before("which is nearly "),
            Some(Qualifier::Nearly)
        );
        assert_eq!(Qualifier::printed_before("There are"), None);
        for q in Qualifier::WORDED {
            assert_eq!(Qualifier::printed_before(q.words()), Some(q));
        }
    }

    #[test]
    fn money_ratio_and_words() {
        assert_eq!(
            format_value(23_189.2, &spec(NumberFormat::Money)),
            "£23,189"
        );
        assert_eq!(format_value(0.9134, &spec(NumberFormat::Ratio)), "0.91");
        assert_eq!(format_value(0.2, &spec(NumberFormat::OneIn)), "one in five");
        assert_eq!(
            format_value(1.0 / 16.2, &spec(NumberFormat::OneIn)),
            "one in 16"
        );
        assert_eq!(
            format_value(0.124, &spec(NumberFormat::OneIn)),
            "one in eight"
        );
        assert_eq!(
            format_value(2.3, &spec(NumberFormat::Times)),
            "more than twice"
        );
        assert_eq!(
            format_value(3.9, &spec(NumberFormat::Times)),
            "nearly four times"
        );
        assert_eq!(format_value(2.0, &spec(NumberFormat::Times)), "twice");
        assert_eq!(format_value(12.0, &spec(NumberFormat::Times)), "12 times");
    }
}
