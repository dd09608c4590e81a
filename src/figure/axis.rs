//! Value axes: "nice" tick steps and how tick and bar values are written.

use crate::config::{AxisFormat, NumberFormat, Rounding};
use crate::number::format::{FormatSpec, format_value};

/// A linear value scale from data values to pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    /// Smallest value on the axis.
    pub min: f64,
    /// Largest value on the axis.
    pub max: f64,
    /// Pixel of `min`.
    pub from_px: f64,
    /// Pixel of `max`.
    pub to_px: f64,
}

impl Scale {
    /// Pixel position of `value`.
    pub(crate) fn at(&self, value: f64) -> f64 {
        let span = self.max - self.min;
        let t = if span == 0.0 {
            0.0
        } else {
            (value - self.min) / span
        };
        self.from_px + t * (self.to_px - self.from_px)
    }
}

/// More ticks than any axis can show; a bound, so that no range can make the loop run on.
const MAX_TICKS: usize = 1000;

/// Ticks covering `[lo, hi]` with about `target` steps of 1, 2, 2.5 or 5 × 10ⁿ.
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    // Callers pass finite data ranges; this guard keeps a bad range from looping forever.
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, lo + 1.0)
    };
    let raw = (hi - lo) / target.max(1) as f64;
    if !(raw > 0.0 && raw.is_finite()) {
        // lo = hi beyond 2^53, where lo ± 1 is lo itself: one value, one tick.
        return vec![lo];
    }
    // A step is M × 10^(e-1) with M in {10, 20, 25, 50, 100}: whole numbers, so that each
    // tick, k·M × 10^(e-1), is written as an exact decimal and read back as the float nearest
    // it (1e17 and 0.6, never 99999999999999984 or 0.6000000000000001).
    let exponent = raw.log10().floor() as i32 - 1;
    let unit = 10f64.powi(exponent);
    let Some(mantissa) = [10i128, 20, 25, 50, 100]
        .into_iter()
        .find(|m| *m as f64 * unit >= raw)
    else {
        return if hi > lo { vec![lo, hi] } else { vec![lo] };
    };
    let step = mantissa as f64 * unit;
    if !(step.is_finite() && step > 0.0) || (hi - lo) / step > MAX_TICKS as f64 {
        // A range narrower than the floats around it (1e17 to 1e17 + 1): its ends are all
        // there is to mark.
        return if hi > lo { vec![lo, hi] } else { vec![lo] };
    }
    let tick = |k: i128| -> f64 {
        format!("{}e{exponent}", k * mantissa)
            .parse()
            .expect("a decimal in exponent form parses")
    };
    let first = (lo / step).floor() as i128;
    let mut ticks = Vec::new();
    for k in first.. {
        let t = tick(k);
        ticks.push(t);
        if t >= hi - step * 1e-9 || ticks.len() >= MAX_TICKS {
            break;
        }
    }
    ticks
}

/// Writes a value the way the axis format says.
pub(crate) fn format_tick(value: f64, format: AxisFormat, step: f64) -> String {
    let decimals = |scale: f64| {
        let s = step * scale;
        if s >= 1.0 || s == 0.0 {
            0
        } else {
            (-s.log10().floor()) as u8
        }
    };
    let spec = |format, decimals| FormatSpec {
        format,
        decimals: Some(decimals),
        round_to: None,
        rounding: Rounding::HalfUp,
        signed: false,
    };
    match format {
        AxisFormat::Number => format_value(value, &spec(NumberFormat::Thousands, decimals(1.0))),
        AxisFormat::Percent => format_value(value, &spec(NumberFormat::Percent, decimals(100.0))),
        AxisFormat::PercentPoints => {
            format!(
                "{}%",
                format_value(value, &spec(NumberFormat::Plain, decimals(1.0)))
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(nice_ticks(0.0, 1.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(
            nice_ticks(88.0, 112.0, 5),
            vec![85.0, 90.0, 95.0, 100.0, 105.0, 110.0, 115.0]
        );
        let t = nice_ticks(0.0, 41_237.0, 5);
        assert_eq!(t.first(), Some(&0.0));
        assert!(*t.last().unwrap() >= 41_237.0);
    }

    #[test]
    fn ticks_are_exact_decimals_at_any_magnitude() {
        assert_eq!(nice_ticks(0.0, 3e17, 3), vec![0.0, 1e17, 2e17, 3e17]);
        assert_eq!(nice_ticks(0.0, 0.0075, 3), vec![0.0, 0.0025, 0.005, 0.0075]);
        assert_eq!(nice_ticks(-0.3, 0.0, 3), vec![-0.3, -0.2, -0.1, 0.0]);
    }

    #[test]
    fn a_range_narrower_than_float_spacing_ends_at_once() {
        assert_eq!(nice_ticks(1e17, 1e17, 5), vec![1e17]);
        assert!(nice_ticks(1e17, 1e17 + 16.0, 5).len() <= MAX_TICKS);
    }

    #[test]
    fn a_non_finite_range_still_gives_ticks() {
        assert_eq!(nice_ticks(f64::NAN, 1.0, 5).len(), 6);
        assert_eq!(nice_ticks(0.0, f64::INFINITY, 5).len(), 6);
    }

    #[test]
    fn tick_labels_follow_the_axis_format() {
        assert_eq!(format_tick(0.25, AxisFormat::Percent, 0.05), "25%");
        assert_eq!(
            format_tick(40_000.0, AxisFormat::Number, 10_000.0),
            "40,000"
        );
        assert_eq!(format_tick(2.5, AxisFormat::PercentPoints, 0.5), "2.5%");
    }
}
