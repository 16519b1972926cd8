//! Charts of a run, drawn with plotters onto any `DrawingBackend`: SVG in native tests, a canvas in the browser.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::Error;
use crate::layer::Layer;
use crate::run::Series;

/// Colours of one theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub background: RGBColor,
    pub text: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    /// Line colours: users' demand, demand sent, served, paid.
    pub lines: [RGBColor; 4],
}

impl Theme {
    /// Dark text on a warm white.
    pub const LIGHT: Theme = Theme {
        background: RGBColor(0xfc, 0xfb, 0xf8),
        text: RGBColor(0x1f, 0x23, 0x28),
        grid: RGBColor(0xe6, 0xe3, 0xdc),
        axis: RGBColor(0x8a, 0x8f, 0x98),
        lines: [
            RGBColor(0x8e, 0x6c, 0xd1),
            RGBColor(0x2f, 0x80, 0xc8),
            RGBColor(0x16, 0x9b, 0x62),
            RGBColor(0xd9, 0x82, 0x1c),
        ],
    };

    /// Light text on a deep slate, with brighter lines.
    pub const DARK: Theme = Theme {
        background: RGBColor(0x16, 0x1a, 0x21),
        text: RGBColor(0xe4, 0xe7, 0xec),
        grid: RGBColor(0x2a, 0x30, 0x3a),
        axis: RGBColor(0x6c, 0x75, 0x82),
        lines: [
            RGBColor(0xb3, 0x9d, 0xf0),
            RGBColor(0x6c, 0xb6, 0xf5),
            RGBColor(0x4c, 0xd3, 0x94),
            RGBColor(0xf5, 0xb0, 0x4c),
        ],
    };
}

/// A number with an SI suffix and at most three significant digits: 1250000 -> "1.25M".
pub fn si(value: f64) -> String {
    // Round to three significant digits first, so 999,999.9 reads "1M", not "1000k".
    let value = if value == 0.0 {
        0.0
    } else {
        let digits = 2 - value.abs().log10().floor() as i32;
        let scale = 10f64.powi(digits);
        (value * scale).round() / scale
    };
    let magnitude = value.abs();
    let (scaled, suffix) = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|(unit, _)| magnitude >= *unit)
        .map_or((value, ""), |(unit, suffix)| (value / unit, suffix));
    let text = format!("{scaled:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}{suffix}")
}

/// Draws demand through the loop over time: what users want, what they send to the network,
/// what is served end to end and what is paid, in requests per week.
///
/// # Errors
/// [`Error::Drawing`] when the backend fails.
pub fn draw_demand<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    series: &Series,
    theme: &Theme,
) -> Result<(), Error> {
    let failed = |e: DrawingAreaErrorKind<DB::ErrorType>| Error::Drawing(e.to_string());
    root.fill(&theme.background).map_err(failed)?;
    let lines: [(&str, &[f64]); 4] = [
        (
            "wanted by users",
            &series.layers[Layer::Users.index()].capacity,
        ),
        (
            "sent to the network",
            &series.layers[Layer::Applications.index()].demand,
        ),
        ("served", &series.served_requests),
        ("paid", &series.paid_requests),
    ];
    let weeks = series.week.last().copied().unwrap_or(1.0).max(1.0);
    let top = lines
        .iter()
        .flat_map(|(_, values)| values.iter())
        .copied()
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.08;
    let (width, _) = root.dim_in_pixel();
    let font = if width < 520 { 12 } else { 14 };
    let mut chart = ChartBuilder::on(root)
        .caption(
            "Demand through the loop",
            ("sans-serif", font + 4).into_font().color(&theme.text),
        )
        .margin(12)
        .x_label_area_size(font * 3)
        .y_label_area_size(font * 4)
        .build_cartesian_2d(0.0..weeks, 0.0..top)
        .map_err(failed)?;
    chart
        .configure_mesh()
        .light_line_style(theme.background)
        .bold_line_style(theme.grid)
        .axis_style(theme.axis)
        .x_desc("week")
        .y_desc("requests / week")
        .x_labels(8)
        .y_labels(6)
        .y_label_formatter(&|v| si(*v))
        .x_label_formatter(&|v| format!("{v:.0}"))
        .label_style(("sans-serif", font).into_font().color(&theme.text))
        .axis_desc_style(("sans-serif", font).into_font().color(&theme.text))
        .draw()
        .map_err(failed)?;
    for (i, ((label, values), colour)) in lines.iter().zip(theme.lines).enumerate() {
        let points = series.week.iter().copied().zip(values.iter().copied());
        // Paid is dashed: where every served request is paid it lies on the served line.
        let drawn = if i == 3 {
            chart.draw_series(DashedLineSeries::new(points, 7, 5, colour.stroke_width(2)))
        } else {
            chart.draw_series(LineSeries::new(points, colour.stroke_width(2)))
        };
        drawn.map_err(failed)?.label(*label).legend(move |(x, y)| {
            PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3))
        });
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(theme.background.mix(0.9))
        .border_style(theme.grid)
        .label_font(("sans-serif", font).into_font().color(&theme.text))
        .draw()
        .map_err(failed)?;
    root.present().map_err(failed)?;
    Ok(())
}
