//! A thin drawing layer over a Plotters SVG drawing area: pixel rectangles, lines and text.
//!
//! Charts lay themselves out in SVG pixels with exact text measurement ([`super::style`]) and
//! then draw through this layer, so every chart kind shares one way of setting text and colour.

use anyhow::{Result, anyhow};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{self, FONT_FAMILY, INK, PLOTTERS_FONT_FACTOR, Rgb};

/// Horizontal text anchor.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Align {
    /// Text starts at the point.
    Left,
    /// Text is centred on the point.
    Centre,
    /// Text ends at the point.
    Right,
}

/// Text settings for one label.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Label {
    /// Size in SVG pixels.
    pub size: f64,
    /// Bold weight.
    pub bold: bool,
    /// Colour.
    pub colour: Rgb,
    /// Horizontal anchor.
    pub align: Align,
    /// Rotate 90° anticlockwise (vertical axis titles).
    pub vertical: bool,
}

impl Label {
    /// Regular ink text of `size`, anchored `align`.
    pub(crate) fn new(size: f64, align: Align) -> Label {
        Label {
            size,
            bold: false,
            colour: INK,
            align,
            vertical: false,
        }
    }
}

/// A chart's drawing surface. Charts lay out in chart pixels (`width` × `height`); the SVG
/// holds `resolution` device pixels for each, so curves drawn on whole device pixels (a flow's
/// bands) step finely enough to look smooth.
pub(crate) struct Canvas<'a> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
    /// Width in chart pixels.
    pub width: f64,
    /// Height in chart pixels.
    pub height: f64,
    /// Device pixels per chart pixel.
    resolution: f64,
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// A chart coordinate as a whole device pixel.
fn device(v: f64, resolution: f64) -> i32 {
    (v * resolution).round() as i32
}

fn draw_err<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow!("failed to draw the chart: {e:?}")
}

impl<'a> Canvas<'a> {
    /// A white canvas writing SVG into `out`, with `resolution` device pixels per chart pixel.
    pub(crate) fn new(
        out: &'a mut String,
        width: f64,
        height: f64,
        resolution: f64,
    ) -> Result<Canvas<'a>> {
        style::register_with_plotters();
        let size = (
            (width * resolution).round() as u32,
            (height * resolution).round() as u32,
        );
        let area = SVGBackend::with_string(out, size).into_drawing_area();
        area.fill(&WHITE).map_err(draw_err)?;
        Ok(Canvas {
            area,
            width,
            height,
            resolution,
        })
    }

    fn px(&self, v: f64) -> i32 {
        device(v, self.resolution)
    }

    /// A filled rectangle between two corners.
    pub(crate) fn rect(&self, x0: f64, y0: f64, x1: f64, y1: f64, colour: Rgb) -> Result<()> {
        self.area
            .draw(&Rectangle::new(
                [(self.px(x0), self.px(y0)), (self.px(x1), self.px(y1))],
                rgb(colour).filled(),
            ))
            .map_err(draw_err)
    }

    /// A filled polygon (a flow's band), its corners in order.
    pub(crate) fn polygon(&self, points: &[(f64, f64)], colour: Rgb) -> Result<()> {
        let points: Vec<(i32, i32)> = points
            .iter()
            .map(|&(x, y)| (self.px(x), self.px(y)))
            .collect();
        self.area
            .draw(&Polygon::new(points, rgb(colour).filled()))
            .map_err(draw_err)
    }

    /// The part of this canvas from (`x`, `y`) of `width` × `height` pixels, as a canvas of its
    /// own (a panel of small multiples): it draws into the same SVG in its own coordinates.
    pub(crate) fn part(&self, x: f64, y: f64, width: f64, height: f64) -> Canvas<'a> {
        Canvas {
            area: self.area.clone().shrink(
                (self.px(x), self.px(y)),
                (
                    (width * self.resolution).round() as u32,
                    (height * self.resolution).round() as u32,
                ),
            ),
            width,
            height,
            resolution: self.resolution,
        }
    }

    /// A polyline.
    pub(crate) fn line(&self, points: &[(f64, f64)], colour: Rgb, width: u32) -> Result<()> {
        let points: Vec<(i32, i32)> = points
            .iter()
            .map(|&(x, y)| (self.px(x), self.px(y)))
            .collect();
        let stroke = ShapeStyle {
            color: rgb(colour).to_rgba(),
            filled: false,
            stroke_width: (f64::from(width) * self.resolution).round() as u32,
        };
        self.area
            .draw(&PathElement::new(points, stroke))
            .map_err(draw_err)
    }

    /// One line of text; `y` is the text's vertical centre.
    pub(crate) fn text(&self, text: &str, x: f64, y: f64, label: Label) -> Result<()> {
        let h = match label.align {
            Align::Left => HPos::Left,
            Align::Centre => HPos::Center,
            Align::Right => HPos::Right,
        };
        let mut font = (
            FONT_FAMILY,
            label.size * PLOTTERS_FONT_FACTOR * self.resolution,
        )
            .into_font();
        if label.bold {
            font = font.style(FontStyle::Bold);
        }
        let colour = rgb(label.colour);
        let mut text_style = TextStyle::from(font)
            .color(&colour)
            .pos(Pos::new(h, VPos::Center));
        if label.vertical {
            text_style = text_style.transform(FontTransform::Rotate270);
        }
        self.area
            .draw(&Text::new(
                text.to_owned(),
                (self.px(x), self.px(y)),
                text_style,
            ))
            .map_err(draw_err)
    }

    /// Several lines of text centred on `y` as a block.
    pub(crate) fn text_block(&self, lines: &[String], x: f64, y: f64, label: Label) -> Result<()> {
        let step = label.size * 1.15;
        let top = y - step * (lines.len() as f64 - 1.0) / 2.0;
        for (i, line) in lines.iter().enumerate() {
            self.text(line, x, top + step * i as f64, label)?;
        }
        Ok(())
    }

    /// Finishes the SVG.
    pub(crate) fn finish(self) -> Result<()> {
        self.area.present().map_err(draw_err)
    }
}

/// Black or white, whichever reads better on `background`.
pub(crate) fn contrast_text(background: Rgb) -> Rgb {
    const WHITE_TEXT: Rgb = (255, 255, 255);
    // WCAG 2.x contrast: whichever of white and ink stands further from the background.
    let ratio = |a: Rgb, b: Rgb| {
        let (la, lb) = (relative_luminance(a), relative_luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    };
    if ratio(INK, background) >= ratio(WHITE_TEXT, background) {
        INK
    } else {
        WHITE_TEXT
    }
}

/// WCAG 2.x relative luminance of an sRGB colour.
fn relative_luminance((r, g, b): Rgb) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}
