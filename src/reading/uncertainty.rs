//! An ensemble in words: the text alternative of each chart of the Uncertainty view (the fan,
//! the odds by stage and the tornado), saying what the chart shows in its numbers.

use std::fmt::Write;

use serde::Serialize;

use crate::analysis::ensemble::{Odds, Report};
use crate::chart::{band, goal_value, odds_missing, tornado_missing, whole_label, Metric};
use crate::reading::format::{percent, separator, span, value_text};

/// A text alternative for each chart of the Uncertainty view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Captions {
    pub fan: String,
    pub odds: String,
    pub tornado: String,
}

/// The captions of the fan of `metric` (with the single run `reference`, if given), the odds
/// and the tornado of its `top` rows around `baseline`, the goal at the scenario's values.
pub fn captions(
    report: &Report,
    metric: &str,
    reference: Option<&[f64]>,
    baseline: f64,
    top: usize,
) -> Captions {
    Captions {
        fan: fan_caption(report, metric, reference),
        odds: odds_caption(report),
        tornado: tornado_caption(report, baseline, top),
    }
}

fn futures(runs: u64) -> String {
    if runs == 1 {
        "1 future".to_string()
    } else {
        format!("{runs} futures")
    }
}

/// The fan chart in words: the middle half and the 90% range of futures, and the median, at
/// the end of year 1 and at the end of the run, and where the single run ends.
pub fn fan_caption(report: &Report, metric: &str, reference: Option<&[f64]>) -> String {
    let (Some(info), Some(band)) = (Metric::find(metric), band(report, metric)) else {
        return format!("This ensemble has no band of `{metric}`.");
    };
    let weeks = report.week.last().copied().unwrap_or(0.0);
    let mut text = format!(
        "{} ({}) across {}, week by week from 0 to {weeks:.0}: shaded, the range of the middle 90% of futures and, darker, of the middle half; a line, the median.",
        info.name,
        info.unit,
        futures(report.runs)
    );
    let mut said = false;
    let end = report.week.len().saturating_sub(1);
    let mut records = vec![end];
    if end > 52 {
        records.insert(0, 52);
    }
    for k in records {
        let at = |column: &[Option<f64>]| column.get(k).copied().flatten();
        let (Some(p5), Some(p25), Some(p50), Some(p75), Some(p95)) = (
            at(&band.p5),
            at(&band.p25),
            at(&band.p50),
            at(&band.p75),
            at(&band.p95),
        ) else {
            continue;
        };
        let v = |x: f64| info.value(x);
        let _ = write!(
            text,
            " At week {:.0} the median is {}, the middle half lies between {} and {}, and 90% between {} and {}.",
            report.week[k],
            v(p50),
            v(p25),
            v(p75),
            v(p5),
            v(p95)
        );
        said = true;
    }
    if !said {
        text += " No future gave a finite value to draw.";
    }
    if let Some(end_value) = reference.and_then(|r| r.get(end)).filter(|v| v.is_finite()) {
        let _ = write!(
            text,
            " A thin line is the run at the scenario's values, which ends at {}.",
            info.value(*end_value)
        );
    }
    text
}

/// Layers (and "none") with a share of runs, the largest first.
fn ranked(odds: &[Odds]) -> Vec<&Odds> {
    let mut ranked: Vec<&Odds> = odds.iter().filter(|o| o.runs > 0).collect();
    ranked.sort_by_key(|o| std::cmp::Reverse(o.runs));
    ranked
}

fn share_words(o: &Odds) -> String {
    if o.layer == "none" {
        format!("no layer in {}", percent(o.share))
    } else {
        format!("{} in {}", o.layer, percent(o.share))
    }
}

/// The odds chart in words: the whole run's odds, largest first, then each year's most likely
/// bottleneck and the next.
pub fn odds_caption(report: &Report) -> String {
    let (Some(odds), None) = (&report.bottleneck_odds, odds_missing(report)) else {
        return odds_missing(report).unwrap_or_default().to_string();
    };
    let whole = whole_label(report.plan.weeks);
    let overall = ranked(odds);
    let mut text = format!("In {whole} of {}, ", futures(report.runs));
    for (i, o) in overall.iter().enumerate() {
        text += separator(i, overall.len());
        let how_often = if o.runs == report.runs {
            "every one".to_string()
        } else {
            percent(o.share)
        };
        if i == 0 && o.layer != "none" {
            let _ = write!(text, "{} is the bottleneck in {how_often}", o.layer);
        } else if i == 0 {
            let _ = write!(text, "no layer is the bottleneck in {how_often}");
        } else {
            text += &share_words(o);
        }
    }
    text += ".";
    if report.stages.is_empty() {
        text += " These runs got no verdict per year, so there are no odds year by year.";
        return text;
    }
    text += " Year by year, the most likely bottleneck is ";
    for (i, stage) in report.stages.iter().enumerate() {
        if i > 0 {
            text += if i + 1 == report.stages.len() {
                "; and "
            } else {
                "; "
            };
        }
        let year = stage.from_week / 52.0 + 1.0;
        let stage_ranked = ranked(&stage.odds);
        match stage_ranked.first() {
            Some(first) => {
                let name = if first.layer == "none" {
                    "none"
                } else {
                    first.layer
                };
                let _ = write!(text, "year {year:.0}: {name}, {}", percent(first.share));
                if let Some(next) = stage_ranked.get(1) {
                    let _ = write!(text, " (then {})", share_words(next));
                }
            }
            None => {
                let _ = write!(text, "year {year:.0}: no runs");
            }
        }
    }
    text += ".";
    text
}

/// The tornado in words: the goal at the scenario's values, then each of the `top` largest
/// swings with the goal at the parameter's low and high end.
pub fn tornado_caption(report: &Report, baseline: f64, top: usize) -> String {
    if let Some(why) = tornado_missing(report, baseline) {
        return why;
    }
    let goal = report.plan.goal;
    let shown = &report.tornado[..report.tornado.len().min(top)];
    let mut text = format!(
        "The goal, {} in {}, is {} at the scenario's values. With one parameter at a time at each end of its range and every other at its value, the {} largest swings of {} are: ",
        goal.noun(),
        span(f64::from(report.plan.weeks)),
        goal_value(goal, baseline),
        shown.len(),
        report.tornado.len()
    );
    for (i, s) in shown.iter().enumerate() {
        if i > 0 {
            text += "; ";
        }
        let _ = write!(
            text,
            "{}, {} at {} and {} at {}",
            s.id,
            goal_value(goal, s.goal_at_low),
            value_text(s.low_value),
            goal_value(goal, s.goal_at_high),
            value_text(s.high_value)
        );
    }
    text += ".";
    text
}

/// The view's headline: `Most likely bottleneck over 5 years: compute (57% of 1000 futures)`,
/// with `so far` while runs are still coming in (`counted` of the plan's).
pub fn headline(report: &Report) -> String {
    let whole = whole_label(report.plan.weeks);
    let so_far = if report.runs < report.plan.runs {
        ", so far"
    } else {
        ""
    };
    if report.runs == 0 {
        return format!("Most likely bottleneck over {whole}: no futures run yet");
    }
    let Some(odds) = &report.bottleneck_odds else {
        return format!(
            "Most likely bottleneck over {whole}: not judged (these futures were run without verdicts)"
        );
    };
    let ranked = ranked(odds);
    let Some(first) = ranked.first() else {
        return format!("Most likely bottleneck over {whole}: none");
    };
    let tied = ranked.iter().filter(|o| o.runs == first.runs).count() > 1;
    let name = match (first.layer, tied) {
        (_, true) => "a tie".to_string(),
        ("none", _) => "no layer".to_string(),
        (layer, _) => layer.to_string(),
    };
    format!(
        "Most likely bottleneck over {whole}{so_far}: {name} ({} of {})",
        percent(first.share),
        futures(report.runs)
    )
}
