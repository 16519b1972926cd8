//! The colours of both themes and a small painter over a plotters drawing area.
//!
//! Every chart positions its own text with anchors and never asks the backend to measure
//! text: in the browser plotters measures text by adding a span to the page and reading its
//! size back, a forced layout per label.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::Error;
use crate::model::layer::Layer;
use crate::reading::format::round_significant;

/// Colours of one theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub background: RGBColor,
    /// Panels and lanes drawn on the background.
    pub surface: RGBColor,
    pub text: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    /// Demand that a layer could not pass: its text and marks.
    pub lost: RGBColor,
    /// The fill of lost demand (bands and bar segments), at least 3:1 against the surface.
    pub lost_fill: RGBColor,
    /// One colour per layer, in loop order.
    pub layers: [RGBColor; Layer::COUNT],
}

impl Theme {
    /// Dark text on a warm white. Every colour used for text reaches 4.5:1 against the
    /// background and the surface (WCAG AA).
    pub const LIGHT: Theme = Theme {
        background: RGBColor(0xfc, 0xfb, 0xf8),
        surface: RGBColor(0xf3, 0xf1, 0xec),
        text: RGBColor(0x1f, 0x23, 0x28),
        muted: RGBColor(0x5f, 0x66, 0x70),
        grid: RGBColor(0xe4, 0xe0, 0xd8),
        lost: RGBColor(0xc0, 0x3d, 0x3d),
        // `lost` at 75% on the surface: 3.2:1 against it.
        lost_fill: RGBColor(0xcd, 0x6a, 0x69),
        layers: [
            RGBColor(0x35, 0x65, 0xb0),
            RGBColor(0x78, 0x52, 0xc4),
            RGBColor(0xb2, 0x42, 0x81),
            RGBColor(0xa6, 0x57, 0x17),
            RGBColor(0x20, 0x7a, 0x50),
            RGBColor(0x88, 0x68, 0x09),
            RGBColor(0x18, 0x77, 0x83),
            RGBColor(0x58, 0x68, 0x82),
        ],
    };

    /// Light text on a deep slate, with brighter layer colours.
    pub const DARK: Theme = Theme {
        background: RGBColor(0x16, 0x1a, 0x21),
        surface: RGBColor(0x1e, 0x23, 0x2c),
        text: RGBColor(0xe4, 0xe7, 0xec),
        muted: RGBColor(0x9a, 0xa3, 0xaf),
        grid: RGBColor(0x2c, 0x33, 0x3e),
        lost: RGBColor(0xff, 0x70, 0x6b),
        // `lost` at 65% on the surface: 3.2:1 against it.
        lost_fill: RGBColor(0xb0, 0x55, 0x55),
        layers: [
            RGBColor(0x6e, 0xa0, 0xf2),
            RGBColor(0xa9, 0x8d, 0xf2),
            RGBColor(0xec, 0x80, 0xba),
            RGBColor(0xf2, 0xa1, 0x5a),
            RGBColor(0x5c, 0xc9, 0x94),
            RGBColor(0xe2, 0xbf, 0x4e),
            RGBColor(0x4f, 0xc5, 0xd2),
            RGBColor(0xa3, 0xb3, 0xcb),
        ],
    };

    /// The colour of a layer.
    pub fn layer(&self, layer: Layer) -> RGBColor {
        self.layers[layer.index()]
    }

    /// The ink of the pinned baseline (scenario A) drawn behind scenario B: the text colour
    /// faded, grey on either theme, and always dashed so it is told apart without colour.
    pub fn ghost(&self) -> RGBAColor {
        alpha(self.text, 0.6)
    }
}

/// How to draw: the theme and the device pixels per CSS pixel (sizes are given in CSS pixels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub theme: Theme,
    pub scale: f64,
}

impl Style {
    pub fn new(dark: bool, scale: f64) -> Style {
        Style {
            theme: if dark { Theme::DARK } else { Theme::LIGHT },
            scale: if scale.is_finite() && scale > 0.0 {
                scale.clamp(0.5, 4.0)
            } else {
                1.0
            },
        }
    }
}

/// Space between a chart's edge and its content, in CSS pixels.
pub const MARGIN: f64 = 16.0;

/// The family of every label: the reader's interface font.
pub const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/// Where a text sits relative to its point.
#[derive(Debug, Clone, Copy)]
pub enum Anchor {
    Left,
    Center,
    Right,
}

impl Anchor {
    /// For a label placed outward from a centre at `angle` (radians): text on the right side
    /// starts at its point, on the left side ends there, near the top and bottom is centred.
    /// `band` is how far from vertical (as the cosine) a label still counts as centred.
    pub fn outward(angle: f64, band: f64) -> Anchor {
        if angle.cos() > band {
            Anchor::Left
        } else if angle.cos() < -band {
            Anchor::Right
        } else {
            Anchor::Center
        }
    }

    /// For a tick label at `value` on an axis from 0 to `end`: the first starts at its tick,
    /// the last ends at it, the others are centred.
    pub fn along(value: f64, end: f64) -> Anchor {
        if value <= 0.0 {
            Anchor::Left
        } else if value >= end {
            Anchor::Right
        } else {
            Anchor::Center
        }
    }
}

/// Draws in CSS pixels on an area measured in device pixels.
pub struct Painter<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    pub style: Style,
    /// Size of the area in CSS pixels.
    pub width: f64,
    pub height: f64,
}

fn failed<E: std::error::Error + Send + Sync>(error: DrawingAreaErrorKind<E>) -> Error {
    Error::Drawing(error.to_string())
}

impl<'a, DB: DrawingBackend> Painter<'a, DB> {
    /// A painter over the whole area, which it fills with the theme's background.
    ///
    /// # Errors
    /// [`Error::Drawing`] when the backend fails.
    pub fn new(area: &'a DrawingArea<DB, Shift>, style: Style) -> Result<Self, Error> {
        let (w, h) = area.dim_in_pixel();
        area.fill(&style.theme.background).map_err(failed)?;
        Ok(Painter {
            area,
            style,
            width: f64::from(w) / style.scale,
            height: f64::from(h) / style.scale,
        })
    }

    pub fn theme(&self) -> &Theme {
        &self.style.theme
    }

    fn px(&self, (x, y): (f64, f64)) -> (i32, i32) {
        let s = self.style.scale;
        ((x * s).round() as i32, (y * s).round() as i32)
    }

    fn width_px(&self, width: f64) -> u32 {
        (width * self.style.scale).round().max(1.0) as u32
    }

    /// Text at `at`, vertically centred on it.
    ///
    /// # Errors
    /// [`Error::Drawing`] when the backend fails.
    pub fn text(
        &self,
        text: &str,
        at: (f64, f64),
        size: f64,
        colour: &RGBColor,
        bold: bool,
        anchor: Anchor,
    ) -> Result<(), Error> {
        let h = match anchor {
            Anchor::Left => HPos::Left,
            Anchor::Center => HPos::Center,
            Anchor::Right => HPos::Right,
        };
        // The family named as such: plotters' `From<&str>` would lower-case the name to look
        // for generic families, and Unicode's case tables cost the page's module 4 KB.
        let style = if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        let font = FontDesc::new(FontFamily::Name(FONT), size * self.style.scale, style);
        let style = font.color(colour).pos(Pos::new(h, VPos::Center));
        self.area
            .draw_text(text, &style, self.px(at))
            .map_err(failed)
    }

    /// Device pixels of a path, with the points that change it by less than a third of a
    /// pixel left out: a 261-week series drawn across 250 pixels needs a few dozen points, and
    /// in the browser every point is a call from WebAssembly into the canvas.
    fn path(&self, points: impl IntoIterator<Item = (f64, f64)>) -> Vec<(i32, i32)> {
        let s = self.style.scale;
        let exact: Vec<(f64, f64)> = points.into_iter().map(|(x, y)| (x * s, y * s)).collect();
        let mut path: Vec<(i32, i32)> = simplify(&exact, 0.35)
            .into_iter()
            .map(|(x, y)| (x.round() as i32, y.round() as i32))
            .collect();
        path.dedup();
        path
    }

    /// A chart's title at the top left and, below it, a note in the muted colour.
    ///
    /// # Errors
    /// [`Error::Drawing`] when the backend fails.
    pub fn heading(&self, title: &str, note: &str) -> Result<(), Error> {
        let t = self.style.theme;
        self.text(title, (MARGIN, 20.0), 15.0, &t.text, true, Anchor::Left)?;
        self.text(note, (MARGIN, 38.0), 11.5, &t.muted, false, Anchor::Left)
    }

    /// Why a chart has nothing to draw: `text` in the muted colour, centred in the area below
    /// the heading and wrapped to its width.
    ///
    /// # Errors
    /// [`Error::Drawing`] when the backend fails.
    pub fn notice(&self, text: &str) -> Result<(), Error> {
        const SIZE: f64 = 13.0;
        let lines = wrap(text, self.width - 2.0 * MARGIN, SIZE);
        let middle = (56.0 + self.height) / 2.0;
        let first = middle - 9.0 * (lines.len() as f64 - 1.0);
        for (i, line) in lines.iter().enumerate() {
            let at = (self.width / 2.0, first + 18.0 * i as f64);
            let muted = self.style.theme.muted;
            self.text(line, at, SIZE, &muted, false, Anchor::Center)?;
        }
        Ok(())
    }

    /// The first of `texts` that fits between the margins at `size`, or the last.
    pub fn fitting<'s>(&self, texts: &[&'s str], size: f64, bold: bool) -> &'s str {
        let room = self.width - 2.0 * MARGIN;
        texts
            .iter()
            .find(|text| text_width(text, size, bold) <= room)
            .or(texts.last())
            .copied()
            .unwrap_or_default()
    }

    /// A legend at height `y` that ends at the right margin: each item a swatch, then its label.
    /// One too wide for the room between the margins is set tighter (smaller swatches, gaps
    /// and text), so a narrow chart's legend stays on its canvas. Without a height it is only
    /// measured. Returns its width.
    ///
    /// # Errors
    /// [`Error::Drawing`] when the backend fails.
    pub fn legend(&self, items: &[(&str, Swatch)], y: Option<f64>) -> Result<f64, Error> {
        // (swatch width, space after it, gap between items, text size)
        let measure = |(swatch, pad, gap, size): (f64, f64, f64, f64)| {
            items
                .iter()
                .map(|(label, _)| swatch + pad + text_width(label, size, false))
                .sum::<f64>()
                + gap * (items.len().max(1) - 1) as f64
        };
        let roomy = (18.0, 6.0, 14.0, 12.0);
        let tight = (12.0, 4.0, 8.0, 11.0);
        let set = if measure(roomy) <= self.width - 2.0 * MARGIN {
            roomy
        } else {
            tight
        };
        let (swatch_w, pad, gap, size) = set;
        let width = measure(set);
        let Some(y) = y else {
            return Ok(width);
        };
        let t = self.style.theme;
        let mut x = self.width - MARGIN - width;
        for (label, swatch) in items {
            let (from, to) = ((x, y - 5.0), (x + swatch_w, y + 5.0));
            match *swatch {
                Swatch::Line(colour, width) => {
                    self.line([(x, y), (x + swatch_w, y)], colour, width)?;
                }
                Swatch::Dashed(colour, width) => {
                    self.dashed([(x, y), (x + swatch_w, y)], colour, width)?;
                }
                Swatch::Rule(colour, width) => {
                    let mid = x + swatch_w / 2.0;
                    self.line([(mid, y - 7.0), (mid, y + 7.0)], colour, width)?;
                }
                Swatch::Block(colour) => self.rect(from, to, colour)?,
                Swatch::Blocks(under, over) => {
                    self.rect(from, to, under)?;
                    self.rect(from, to, over)?;
                }
                Swatch::Hatched(colour) => self.hatched(from, to, colour)?,
            }
            self.text(
                label,
                (x + swatch_w + pad, y),
                size,
                &t.muted,
                false,
                Anchor::Left,
            )?;
            x += swatch_w + pad + text_width(label, size, false) + gap;
        }
        Ok(width)
    }

    /// A rectangle filled lightly in `colour`, hatched with its diagonals 5 pixels apart and
    /// framed: told from a solid one without its colour.
    ///
    /// # Errors
    /// [`Error::Drawing`] when the backend fails.
    pub fn hatched(
        &self,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        colour: RGBColor,
    ) -> Result<(), Error> {
        self.rect((x0, y0), (x1, y1), alpha(colour, 0.22))?;
        let h = y1 - y0;
        let mut c = x0 - h;
        while c < x1 {
            // The line from (c, y1) up to (c + h, y0), for s in 0..h: x = c + s, y = y1 - s.
            let (s0, s1) = ((x0 - c).max(0.0), (x1 - c).min(h));
            if s1 > s0 {
                self.line(
                    [(c + s0, y1 - s0), (c + s1, y1 - s1)],
                    alpha(colour, 0.9),
                    1.0,
                )?;
            }
            c += 5.0;
        }
        if x1 - x0 >= 1.0 {
            self.frame((x0, y0), (x1, y1), alpha(colour, 1.0), 1.0)?;
        }
        Ok(())
    }

    /// A polyline `width` CSS pixels wide.
    ///
    /// # Errors
    /// [`Error::Drawing`] when the backend fails.
    pub fn line(
        &self,
        points: impl IntoIterator<Item = (f64, f64)>,
        colour: RGBAColor,
        width: f64,
    ) -> Result<(), Error> {
        let points = self.path(points);
        if points.len() < 2 {
            return Ok(());
        }
        let style = ShapeStyle {
            color: colour,
            filled: false,
            stroke_width: self.width_px(width),
        };
        self.area
            .draw(&PathElement::new(points, style))
            .map_err(failed)
    }

    /// A polyline in dashes 6 CSS pixels long with gaps of 4: a ghost, told from a solid line
    /// without its colour.
    ///
    /// # Errors
    /// [`Error::Drawing`] when the backend fails.
    pub fn dashed(
        &self,
        points: impl IntoIterator<Item = (f64, f64)>,
        colour: RGBAColor,
        width: f64,
    ) -> Result<(), Error> {
        const ON: f64 = 6.0;
        const OFF: f64 = 4.0;
        let points: Vec<(f64, f64)> = points.into_iter().collect();
        let mut dash: Vec<(f64, f64)> = points.first().copied().into_iter().collect();
        // Whether the pen is down, and how much of the current dash or gap is left.
        let (mut down, mut left) = (true, ON);
        for pair in points.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            let length = (x1 - x0).hypot(y1 - y0);
            let mut done = 0.0;
            while length - done > left {
                done += left;
                let f = done / length;
                dash.push((x0 + (x1 - x0) * f, y0 + (y1 - y0) * f));
                if down {
                    self.line(dash.drain(..), colour, width)?;
                }
                down = !down;
                left = if down { ON } else { OFF };
            }
            left -= length - done;
            if down {
                dash.push((x1, y1));
            } else {
                dash.clear();
            }
        }
        if down {
            self.line(dash, colour, width)?;
        }
        Ok(())
    }

    /// A rectangle's outline in dashes (see [`Painter::dashed`]).
    ///
    /// # Errors
    /// [`Error::Drawing`] when the backend fails.
    pub fn dashed_frame(
        &self,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        colour: RGBAColor,
        width: f64,
    ) -> Result<(), Error> {
        let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
        self.dashed(corners, colour, width)
    }

    /// A filled polygon.
    ///
    /// # Errors
    /// [`Error::Drawing`] when the backend fails.
    pub fn polygon(
        &self,
        points: impl IntoIterator<Item = (f64, f64)>,
        colour: RGBAColor,
    ) -> Result<(), Error> {
        let points = self.path(points);
        if points.len() < 3 {
            return Ok(());
        }
        self.area
            .draw(&Polygon::new(points, colour.filled()))
            .map_err(failed)
    }

    /// A filled rectangle between two corners.
    ///
    /// # Errors
    /// [`Error::Drawing`] when the backend fails.
    pub fn rect(&self, from: (f64, f64), to: (f64, f64), colour: RGBAColor) -> Result<(), Error> {
        self.area
            .draw(&Rectangle::new(
                [self.px(from), self.px(to)],
                colour.filled(),
            ))
            .map_err(failed)
    }

    /// A rectangle's outline.
    ///
    /// # Errors
    /// [`Error::Drawing`] when the backend fails.
    pub fn frame(
        &self,
        from: (f64, f64),
        to: (f64, f64),
        colour: RGBAColor,
        width: f64,
    ) -> Result<(), Error> {
        let style = ShapeStyle {
            color: colour,
            filled: false,
            stroke_width: self.width_px(width),
        };
        self.area
            .draw(&Rectangle::new([self.px(from), self.px(to)], style))
            .map_err(failed)
    }

    /// A circle, filled or as a ring `width` wide.
    ///
    /// # Errors
    /// [`Error::Drawing`] when the backend fails.
    pub fn circle(
        &self,
        centre: (f64, f64),
        radius: f64,
        colour: RGBAColor,
        ring: Option<f64>,
    ) -> Result<(), Error> {
        let style = match ring {
            Some(width) => ShapeStyle {
                color: colour,
                filled: false,
                stroke_width: self.width_px(width),
            },
            None => colour.filled(),
        };
        let radius = (radius * self.style.scale).round().max(1.0) as u32;
        self.area
            .draw(&Circle::new(self.px(centre), radius, style))
            .map_err(failed)
    }

    /// Hands the drawing to the backend.
    ///
    /// # Errors
    /// [`Error::Drawing`] when the backend fails.
    pub fn present(&self) -> Result<(), Error> {
        self.area.present().map_err(failed)
    }
}

/// The mark beside a legend's label.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    /// A short horizontal line of a width.
    Line(RGBAColor, f64),
    /// A short dashed line of a width: the pinned baseline's ghost.
    Dashed(RGBAColor, f64),
    /// A short vertical line of a width.
    Rule(RGBAColor, f64),
    Block(RGBAColor),
    /// One block over another, as overlapping bands show.
    Blocks(RGBAColor, RGBAColor),
    /// See [`Painter::hatched`].
    Hatched(RGBColor),
}

/// A colour at an opacity from 0 to 1.
pub fn alpha(colour: RGBColor, opacity: f64) -> RGBAColor {
    colour.mix(opacity)
}

/// About `count` round tick values from 0 to at least `top` (steps of 1, 2, 2.5 or 5 times a
/// power of ten), and the axis top they make.
pub fn ticks(top: f64, count: usize) -> (Vec<f64>, f64) {
    let top = if top.is_finite() && top > 0.0 {
        top
    } else {
        1.0
    };
    let rough = top / count.max(1) as f64;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|step| *step >= rough)
        .unwrap_or(10.0 * power);
    let steps = (top / step - 1e-9).ceil().max(1.0) as usize;
    let values = (0..=steps).map(|i| i as f64 * step).collect();
    (values, steps as f64 * step)
}

/// Round tick values inside `lo` to `hi`, about `count` of them (steps as [`ticks`] takes).
pub fn ticks_between(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return vec![lo];
    }
    let (values, _) = ticks(hi - lo, count);
    let step = values.get(1).copied().unwrap_or(hi - lo);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    // A step of 0.1 times an integer is not exactly a tenth: rounding keeps `0.30000000000000004`
    // from a label.
    (first..=last)
        .map(|i| round_significant(i as f64 * step, 12))
        .collect()
}

/// Words in lines no wider than `width` CSS pixels at `size` (a word wider than that has a
/// line of its own).
pub fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), size, false) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// A generous width of a label in CSS pixels: wide system fonts (DejaVu Sans, on Linux) average
/// about 0.6 em a character, 0.72 in bold. Used to keep labels apart, never to place them.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let em = if bold { 0.72 } else { 0.6 };
    text.chars().count() as f64 * size * em
}

/// The Ramer-Douglas-Peucker simplification of a polyline: the fewest of its points that keep
/// every left-out point within `tolerance` of the line drawn.
pub fn simplify(points: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut spans = vec![(0, points.len() - 1)];
    while let Some((first, last)) = spans.pop() {
        let (a, b) = (points[first], points[last]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let length = dx.hypot(dy);
        let distance = |p: (f64, f64)| {
            if length > 0.0 {
                ((p.0 - a.0) * dy - (p.1 - a.1) * dx).abs() / length
            } else {
                (p.0 - a.0).hypot(p.1 - a.1)
            }
        };
        let farthest = (first + 1..last)
            .map(|i| (i, distance(points[i])))
            .fold((first, 0.0), |best, c| if c.1 > best.1 { c } else { best });
        if farthest.1 > tolerance {
            keep[farthest.0] = true;
            spans.push((first, farthest.0));
            spans.push((farthest.0, last));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter_map(|(&p, kept)| kept.then_some(p))
        .collect()
}
