//! Reading the SVG the charts write: its texts, its elements and their attributes, shared by
//! the chart tests.
// Each test file uses its own part of this module.
#![allow(dead_code)]

use plotters::prelude::RGBColor;

/// A colour as the SVG writes it: `#3565B0`.
pub fn hex(colour: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2)
}

/// The value of attribute `name` in one SVG element's text.
pub fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = &element[start..];
    Some(&rest[..rest.find('"')?])
}

pub fn number(element: &str, name: &str) -> f64 {
    attribute(element, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

/// One `<text>` of an SVG.
#[derive(Debug, Clone)]
pub struct Text {
    pub x: f64,
    pub y: f64,
    pub anchor: String,
    pub size: f64,
    pub label: String,
    pub fill: String,
    pub bold: bool,
}

pub fn texts(svg: &str) -> Vec<Text> {
    svg.split("<text")
        .skip(1)
        .map(|chunk| {
            let open_end = chunk.find('>').unwrap();
            let element = &chunk[..open_end];
            let label = chunk[open_end + 1..chunk.find("</text>").unwrap()].trim();
            Text {
                x: number(element, "x"),
                y: number(element, "y"),
                anchor: attribute(element, "text-anchor")
                    .unwrap_or("start")
                    .to_string(),
                size: number(element, "font-size"),
                label: label.replace("&apos;", "'").replace("&amp;", "&"),
                fill: attribute(element, "fill").unwrap_or("").to_string(),
                bold: element.contains("font-weight=\"bold\""),
            }
        })
        .collect()
}

pub fn labels(svg: &str) -> Vec<String> {
    texts(svg).into_iter().map(|t| t.label).collect()
}

/// Every element of a kind (`rect`, `circle`): its attributes.
pub fn elements<'a>(svg: &'a str, kind: &str) -> Vec<&'a str> {
    // Each element's text keeps the space before its first attribute.
    svg.split(&format!("<{kind}"))
        .skip(1)
        .filter(|chunk| chunk.starts_with(' '))
        .map(|chunk| &chunk[..chunk.find("/>").unwrap_or(chunk.len())])
        .collect()
}

/// Every rectangle filled solid in `colour`.
pub fn solid<'a>(svg: &'a str, colour: &str) -> Vec<&'a str> {
    elements(svg, "rect")
        .into_iter()
        .filter(|r| attribute(r, "fill") == Some(colour) && attribute(r, "opacity") == Some("1"))
        .collect()
}

/// Every outline (`fill="none"`) of a kind of element stroked in `colour`: its attributes.
pub fn outlines<'a>(svg: &'a str, kind: &str, colour: &str) -> Vec<&'a str> {
    elements(svg, kind)
        .into_iter()
        .filter(|e| attribute(e, "fill") == Some("none") && attribute(e, "stroke") == Some(colour))
        .collect()
}

/// A text's rough box at a canvas's size: plotters writes SVG font sizes 1.24 times smaller
/// than a canvas's pixels; a sans-serif character averages about 0.58 em (0.66 in bold), and
/// capitals and digits stand about 0.85 em tall.
pub fn text_box(t: &Text) -> (f64, f64, f64, f64) {
    let px = t.size * 1.24;
    let w = t.label.chars().count() as f64 * px * if t.bold { 0.66 } else { 0.58 };
    let (left, right) = match t.anchor.as_str() {
        "end" => (t.x - w, t.x),
        "middle" => (t.x - w / 2.0, t.x + w / 2.0),
        _ => (t.x, t.x + w),
    };
    // Text is centred on its point (plotters writes `dy="0.5ex"`).
    (left, t.y - 0.45 * px, right, t.y + 0.4 * px)
}

pub fn overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Every polyline's points and stroke width.
pub fn polylines(svg: &str) -> Vec<(Vec<(f64, f64)>, f64)> {
    elements(svg, "polyline")
        .into_iter()
        .map(|e| {
            let points = attribute(e, "points")
                .unwrap_or("")
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            (points, number(e, "stroke-width"))
        })
        .collect()
}
