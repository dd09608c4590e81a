//! The house style of every chart: the font, the palette, sizes and text measurement.
//!
//! Charts use Libertinus Serif, one of the fonts Typst embeds, taken from the same
//! `typst-assets` bytes Typst uses: the SVG names a family Typst has (so text never falls back
//! in the PDF), and labels are measured with the exact glyph advances of that font, which is
//! how the layout keeps labels from overlapping without any system font.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef};

/// An sRGB colour.
pub(crate) type Rgb = (u8, u8, u8);

/// The family name written into SVG text elements.
pub(crate) const FONT_FAMILY: &str = "Libertinus Serif";

/// SVG pixels per millimetre of printed width.
pub(crate) const PX_PER_MM: f64 = 4.0;

/// Body text size of charts, in SVG pixels (≈ 9 pt at print size).
pub(crate) const TEXT_PX: f64 = 13.0;

/// Small text (axis ticks, value labels), in SVG pixels.
pub(crate) const SMALL_PX: f64 = 12.0;

/// Plotters writes `font-size` as the requested size divided by this factor.
pub(crate) const PLOTTERS_FONT_FACTOR: f64 = 1.24;

/// The categorical palette, anchored on the Government Analysis Function's accessible colours:
/// every colour is at least 3:1 against white (WCAG 2.x non-text contrast), and every pair stays
/// at least 15 CAM02-UCS units apart in normal vision and under simulated protanopia,
/// deuteranopia and tritanopia (`chart_colors.py` in the shared accessibility tools). The
/// first four are the Analysis Function's; its dark pink and dark grey, which collide with dark
/// blue under protanopia and deuteranopia, are replaced by a dark red and a violet that do not.
pub(crate) const PALETTE: [Rgb; 6] = [
    (18, 67, 109),   // dark blue #12436D, 10.3:1
    (244, 106, 37),  // orange #F46A25, 3.0:1
    (40, 161, 151),  // turquoise #28A197, 3.2:1
    (162, 133, 209), // light purple #A285D1, 3.1:1
    (119, 17, 0),    // dark red #771100, 11.3:1
    (136, 0, 238),   // violet #8800EE, 6.4:1
];

/// Neutral colour for context bars (ranked charts): mid grey #8A8A8A, 3.5:1 against white.
pub(crate) const MUTED: Rgb = (138, 138, 138);

/// Gridline colour.
pub(crate) const GRID: Rgb = (225, 225, 225);

/// Axis and text colour.
pub(crate) const INK: Rgb = (33, 33, 33);

/// The colour of series `i`.
pub(crate) fn series_colour(i: usize) -> Rgb {
    PALETTE[i % PALETTE.len()]
}

/// The regular and bold faces of the chart font, found by name among Typst's embedded fonts.
pub(crate) struct ChartFonts {
    /// Regular weight.
    pub regular: &'static [u8],
    /// Bold weight.
    pub bold: &'static [u8],
}

/// The chart fonts (looked up once).
pub(crate) fn fonts() -> &'static ChartFonts {
    static FONTS: OnceLock<ChartFonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut regular = None;
        let mut bold = None;
        for data in typst_assets::fonts() {
            let Some(font) = typst::text::Font::new(typst::foundations::Bytes::new(data), 0) else {
                continue;
            };
            let info = font.info();
            if info.family != FONT_FAMILY || info.variant.style != typst::text::FontStyle::Normal {
                continue;
            }
            match info.variant.weight.to_number() {
                400 => regular = Some(data),
                700 => bold = Some(data),
                _ => {}
            }
        }
        ChartFonts {
            regular: regular.expect("typst-assets embeds Libertinus Serif Regular"),
            bold: bold.expect("typst-assets embeds Libertinus Serif Bold"),
        }
    })
}

/// Registers the chart font with Plotters (idempotent).
pub(crate) fn register_with_plotters() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let fonts = fonts();
        plotters::style::register_font(
            FONT_FAMILY,
            plotters::style::FontStyle::Normal,
            fonts.regular,
        )
        .unwrap_or_else(|_| panic!("embedded font is valid"));
        plotters::style::register_font(FONT_FAMILY, plotters::style::FontStyle::Bold, fonts.bold)
            .unwrap_or_else(|_| panic!("embedded font is valid"));
    });
}

/// Width in SVG pixels of `text` set at `size_px` (em size), from the font's glyph advances.
pub(crate) fn text_width(text: &str, size_px: f64, bold: bool) -> f64 {
    let fonts = fonts();
    let data = if bold { fonts.bold } else { fonts.regular };
    let font = FontRef::try_from_slice(data).expect("embedded font is valid");
    let units = f64::from(font.units_per_em().unwrap_or(1000.0));
    let mut width = 0.0;
    let mut previous = None;
    for ch in text.chars() {
        let glyph = font.glyph_id(ch);
        if let Some(prev) = previous {
            width += f64::from(font.kern_unscaled(prev, glyph));
        }
        width += f64::from(font.h_advance_unscaled(glyph));
        previous = Some(glyph);
    }
    width * size_px / units
}

/// Splits `text` into lines no wider than `max_px` at `size_px`.
pub(crate) fn wrap(text: &str, size_px: f64, max_px: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if !current.is_empty() && text_width(&candidate, size_px, false) > max_px {
            lines.push(std::mem::take(&mut current));
            current = word.to_owned();
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_with_the_embedded_font() {
        let short = text_width("Band 2", TEXT_PX, false);
        let long = text_width("Band 2 and more", TEXT_PX, false);
        assert!(short > 20.0 && short < 60.0, "{short}");
        assert!(long > short * 2.0);
        assert!(text_width("Band 2", TEXT_PX, true) > short);
    }

    #[test]
    fn wraps_at_word_boundaries() {
        let lines = wrap(
            "Mental health nurses and other registered staff",
            TEXT_PX,
            120.0,
        );
        assert!(lines.len() > 1);
        assert!(
            lines
                .iter()
                .all(|l| text_width(l, TEXT_PX, false) <= 120.0 || !l.contains(' '))
        );
    }
}
