//! The odds that each layer is the bottleneck across an ensemble's futures: one bar of shares
//! per year of growth, and one for the whole run.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::paint::{alpha, text_width, Anchor, Painter, Style, MARGIN};
use crate::analysis::ensemble::{Odds, Report};
use crate::error::Error;
use crate::model::layer::Layer;
use crate::reading::format::percent;

/// One bar: its label, its shares in loop order then "none", and its most likely outcome.
struct Bar<'a> {
    label: String,
    odds: &'a [Odds],
    most_likely: Option<&'static str>,
}

/// The label of the whole-run bar: `5 years`, `1 year` or `30 weeks`.
pub fn whole_label(weeks: u32) -> String {
    match weeks {
        52 => "1 year".to_string(),
        w if w % 52 == 0 && w > 0 => format!("{} years", w / 52),
        w => format!("{w} weeks"),
    }
}

/// What the chart says instead of bars, if it has none to draw.
pub fn odds_missing(report: &Report) -> Option<&'static str> {
    match &report.bottleneck_odds {
        _ if report.runs == 0 => Some("No futures have been run yet."),
        None => Some(
            "These futures were run without verdicts, so no layer was judged the bottleneck in any of them.",
        ),
        Some(_) => None,
    }
}

/// Draws the odds of each bottleneck as horizontal bars of shares, one per year and one for
/// the whole run set apart below: segments in loop order in the layers' colours ("none" in
/// grey), each labelled with its layer and share where that fits (its share alone where only
/// that fits), the most likely in bold, and a legend naming every layer shown.
///
/// # Errors
/// [`Error::Drawing`] when the backend fails.
pub fn draw_odds<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    style: &Style,
) -> Result<(), Error> {
    let p = Painter::new(area, *style)?;
    let t = *p.theme();
    let narrow = p.width < 560.0;
    let whole = whole_label(report.plan.weeks);
    let futures = if report.runs == 1 {
        "1 future".to_string()
    } else {
        format!("{} futures", report.runs)
    };
    let title = if narrow {
        "Odds of each bottleneck"
    } else {
        "How likely each layer is to be the bottleneck"
    };
    let note = if narrow || report.stages.is_empty() {
        format!("share of {futures}")
    } else {
        format!("share of {futures}, year by year and over all {whole}")
    };
    p.heading(title, &note)?;
    let (Some(odds), None) = (&report.bottleneck_odds, odds_missing(report)) else {
        p.notice(odds_missing(report).unwrap_or_default())?;
        return p.present();
    };

    let mut bars: Vec<Bar> = report
        .stages
        .iter()
        .map(|stage| Bar {
            label: format!("year {:.0}", stage.from_week / 52.0 + 1.0),
            odds: &stage.odds,
            most_likely: stage.most_likely,
        })
        .collect();
    bars.push(Bar {
        label: whole,
        odds,
        most_likely: report.most_likely,
    });

    // The legend: every outcome some bar shows, in loop order, wrapped to the width.
    let shown: Vec<&str> = odds
        .iter()
        .map(|o| o.layer)
        .filter(|&id| {
            bars.iter()
                .any(|bar| bar.odds.iter().any(|o| o.layer == id && o.runs > 0))
        })
        .collect();
    let size = 12.0;
    let (mut x, mut y) = (MARGIN, 60.0);
    for &id in &shown {
        let w = 14.0 + 6.0 + text_width(id, size, false);
        if x > MARGIN && x + w > p.width - MARGIN {
            (x, y) = (MARGIN, y + 20.0);
        }
        p.rect((x, y - 6.0), (x + 14.0, y + 6.0), fill(&t, id))?;
        p.text(id, (x + 20.0, y), size, &t.muted, false, Anchor::Left)?;
        x += w + 16.0;
    }

    let label_w = bars
        .iter()
        .map(|b| text_width(&b.label, size, true))
        .fold(0.0, f64::max)
        + 10.0;
    let (x0, x1) = (MARGIN + label_w, p.width - MARGIN);
    let top = y + 16.0;
    let axis = 22.0;
    // The rows, and half a row more between the years and the whole run.
    let rows = bars.len() as f64 + if bars.len() > 1 { 0.5 } else { 0.0 };
    let row = ((p.height - top - axis) / rows).min(40.0);
    let bar_h = (row * 0.72).min(26.0);
    let mut bottom = top;
    for (i, bar) in bars.iter().enumerate() {
        let last = i + 1 == bars.len();
        let gap = if last && bars.len() > 1 {
            row * 0.5
        } else {
            0.0
        };
        let y = top + gap + row * (i as f64 + 0.5);
        let (y_top, y_bottom) = (y - bar_h / 2.0, y + bar_h / 2.0);
        bottom = y_bottom;
        p.text(
            &bar.label,
            (x0 - 10.0, y),
            size,
            &t.text,
            last,
            Anchor::Right,
        )?;
        p.rect((x0, y_top), (x1, y_bottom), alpha(t.surface, 1.0))?;
        let total: f64 = bar.odds.iter().map(|o| o.share).sum();
        if total <= 0.0 {
            p.text(
                "no runs",
                (x0 + 6.0, y),
                size,
                &t.muted,
                false,
                Anchor::Left,
            )?;
            continue;
        }
        let mut from = x0;
        for o in bar.odds {
            let to = from + (x1 - x0) * o.share / total;
            if to - from < 0.5 {
                from = to;
                continue;
            }
            // A hairline of the background between neighbours keeps like colours apart.
            let inner = if to - from > 3.0 { to - 1.0 } else { to };
            p.rect((from, y_top), (inner, y_bottom), fill(&t, o.layer))?;
            let likely = bar.most_likely == Some(o.layer);
            let share = percent(o.share);
            let named = format!("{} {share}", o.layer);
            let room = inner - from - 8.0;
            let label = [named, share]
                .into_iter()
                .find(|label| text_width(label, size, likely) <= room);
            if let Some(label) = label {
                let ink = if Layer::from_id(o.layer).is_some() {
                    t.background
                } else {
                    t.text
                };
                let at = ((from + inner) / 2.0, y);
                p.text(&label, at, size, &ink, likely, Anchor::Center)?;
            }
            from = to;
        }
    }

    // The share axis under the bars.
    let axis_y = bottom + 12.0;
    for quarter in 0..=4 {
        let share = f64::from(quarter) / 4.0;
        let x = x0 + (x1 - x0) * share;
        p.line(
            [(x, bottom + 1.0), (x, bottom + 4.0)],
            alpha(t.grid, 1.0),
            1.0,
        )?;
        let label = percent(share);
        let anchor = Anchor::along(share, 1.0);
        p.text(&label, (x, axis_y), 10.5, &t.muted, false, anchor)?;
    }
    if report.stages.is_empty() {
        let why = p.fitting(
            &[
                "No odds year by year: these runs got a verdict of the whole run only.",
                "No odds year by year: a verdict per year was not asked for.",
                "No odds year by year.",
            ],
            12.0,
            false,
        );
        p.text(
            why,
            (MARGIN, axis_y + 28.0),
            12.0,
            &t.muted,
            false,
            Anchor::Left,
        )?;
    }
    p.present()
}

/// The fill of an outcome: its layer's colour, or grey for "none".
fn fill(t: &super::Theme, id: &str) -> RGBAColor {
    match Layer::from_id(id) {
        Some(layer) => alpha(t.layer(layer), 1.0),
        None => alpha(t.muted, 0.4),
    }
}
