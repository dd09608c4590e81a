//! A difference image of two renderings of a figure, for changes too small to see side by side.
//!
//! The new figure is drawn faded; every pixel that differs from the old one is painted solid:
//! where the old figure had ink that has gone, in orange, and where the new figure has ink
//! that is new or moved, in blue. Both renderings come from the build's PNGs.

use anyhow::{Context, Result};
use resvg::tiny_skia::Pixmap;

/// Channel difference below which two pixels count as the same (anti-aliasing noise).
const TOLERANCE: u8 = 24;
const GONE: [u8; 3] = [230, 97, 1];
const NEW: [u8; 3] = [33, 102, 172];

/// The difference image and how many pixels differ, or `None` when the sizes differ.
pub(crate) struct PixelDiff {
    /// PNG bytes.
    pub png: Vec<u8>,
    /// Pixels that differ.
    pub changed: usize,
    /// All pixels.
    pub total: usize,
}

/// Compares two PNG renderings of the same figure.
pub(crate) fn compare(before: &[u8], after: &[u8]) -> Result<Option<PixelDiff>> {
    let old = Pixmap::decode_png(before).context("cannot decode the old figure PNG")?;
    let new = Pixmap::decode_png(after).context("cannot decode the new figure PNG")?;
    if (old.width(), old.height()) != (new.width(), new.height()) {
        return Ok(None);
    }
    let mut out = new.clone();
    let mut changed = 0;
    for ((o, n), px) in old
        .pixels()
        .iter()
        .zip(new.pixels())
        .zip(out.pixels_mut().iter_mut())
    {
        let (o, n) = (o.demultiply(), n.demultiply());
        let differs = [
            (o.red(), n.red()),
            (o.green(), n.green()),
            (o.blue(), n.blue()),
            (o.alpha(), n.alpha()),
        ]
        .iter()
        .any(|(a, b)| a.abs_diff(*b) > TOLERANCE);
        let colour = if differs {
            changed += 1;
            // Darker (more ink) in the new figure means new ink; otherwise ink has gone.
            if ink(n) >= ink(o) { NEW } else { GONE }
        } else {
            // Fade the unchanged figure towards white.
            let fade = |c: u8| 255 - (255 - c) / 5;
            [fade(n.red()), fade(n.green()), fade(n.blue())]
        };
        *px =
            resvg::tiny_skia::PremultipliedColorU8::from_rgba(colour[0], colour[1], colour[2], 255)
                .expect("opaque colours are valid");
    }
    let total = out.pixels().len();
    let png = out
        .encode_png()
        .context("cannot encode the difference image")?;
    Ok(Some(PixelDiff {
        png,
        changed,
        total,
    }))
}

/// How dark a pixel is on a white page (0 = white or transparent).
fn ink(c: resvg::tiny_skia::ColorU8) -> u32 {
    let darkness = 765 - (u32::from(c.red()) + u32::from(c.green()) + u32::from(c.blue()));
    darkness * u32::from(c.alpha()) / 255
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::tiny_skia::{Color, Paint, Rect, Transform};

    fn png(square_at: f32) -> Vec<u8> {
        let mut pixmap = Pixmap::new(20, 10).unwrap();
        pixmap.fill(Color::WHITE);
        let mut paint = Paint::default();
        paint.set_color(Color::BLACK);
        let rect = Rect::from_xywh(square_at, 0.0, 4.0, 4.0).unwrap();
        pixmap.fill_rect(rect, &paint, Transform::identity(), None);
        pixmap.encode_png().unwrap()
    }

    #[test]
    fn identical_renderings_have_no_changed_pixels() {
        let diff = compare(&png(0.0), &png(0.0)).unwrap().unwrap();
        assert_eq!((diff.changed, diff.total), (0, 200));
    }

    #[test]
    fn a_moved_mark_shows_where_ink_went_and_came() {
        let diff = compare(&png(0.0), &png(10.0)).unwrap().unwrap();
        assert_eq!(diff.changed, 32);
        let image = Pixmap::decode_png(&diff.png).unwrap();
        let at = |x: u32| image.pixel(x, 1).unwrap().demultiply();
        assert_eq!([at(1).red(), at(1).green(), at(1).blue()], GONE);
        assert_eq!([at(11).red(), at(11).green(), at(11).blue()], NEW);
    }

    #[test]
    fn different_sizes_are_not_compared() {
        let small = Pixmap::new(5, 5).unwrap().encode_png().unwrap();
        assert!(compare(&small, &png(0.0)).unwrap().is_none());
    }
}
