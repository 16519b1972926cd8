//! Sliders and links: every slider position maps to a value and back, a state survives the
//! trip through a link, every link stays short, each bad part of a link is named, and what is
//! said about a hostile link or hostile starting values stays short and cannot reorder itself.
#![cfg(not(target_arch = "wasm32"))]

use flywheel::analysis::ensemble::Verdicts;
use flywheel::model::params::{Params, SPECS};
use flywheel::model::presets::{Preset, PRESETS};
use flywheel::model::scenario::Goal;
use flywheel::reading::format::{compact, round_significant, si};
use flywheel::reading::link::{
    parse, parse_values, quote, Futures, Link, MAX_LINK_CHARS, MAX_NAMED_PROBLEMS, MAX_SEED,
    PAGE_MAX_RUNS,
};
use flywheel::reading::slider::{position_of, positions, value_at};
use proptest::prelude::*;

#[test]
fn every_slider_position_gives_a_value_in_range_that_maps_back_to_it() {
    for spec in SPECS {
        let last = positions(spec);
        assert!(
            (20..=600).contains(&last),
            "{} has {last} positions",
            spec.id
        );
        assert_eq!(
            value_at(spec, 0),
            spec.min,
            "{} starts at its minimum",
            spec.id
        );
        assert_eq!(
            value_at(spec, last),
            spec.max,
            "{} ends at its maximum",
            spec.id
        );
        let mut previous = f64::NEG_INFINITY;
        for position in 0..=last {
            let value = value_at(spec, position);
            assert!(
                spec.check(value).is_ok(),
                "{} at {position}: {value}",
                spec.id
            );
            assert!(value > previous, "{} does not rise at {position}", spec.id);
            assert_eq!(position_of(spec, value), position, "{} = {value}", spec.id);
            previous = value;
        }
        // Values between positions, the default among them, show at the nearest position.
        let near = value_at(spec, position_of(spec, spec.default));
        let span = (value_at(spec, 1) - value_at(spec, 0)).max(spec.default * 0.06);
        assert!(
            (near - spec.default).abs() <= span,
            "{}: default {} shows as {near}",
            spec.id,
            spec.default
        );
    }
}

#[test]
fn numbers_read_short_and_compact_forms_parse_back_exactly() {
    assert_eq!(si(1_250_000.0), "1.25M");
    assert_eq!(si(999_999.9), "1M");
    assert_eq!(si(-1_234.0), "-1.23k");
    assert_eq!(si(0.0), "0");
    assert_eq!(round_significant(11_800_000.0, 3), 11_800_000.0);
    assert_eq!(compact(20_000_000.0), "2e7");
    assert_eq!(compact(0.03), ".03");
    assert_eq!(compact(156.0), "156");
    for spec in SPECS {
        for position in 0..=positions(spec) {
            let value = value_at(spec, position);
            assert_eq!(compact(value).parse::<f64>().unwrap(), value);
        }
    }
}

type State = (usize, Option<u32>, usize, Vec<Option<u32>>);

fn any_state() -> impl Strategy<Value = State> {
    (
        0..PRESETS.len(),
        proptest::option::of(0u32..=260),
        0..Goal::ALL.len(),
        proptest::collection::vec(proptest::option::of(0u32..=600), SPECS.len()),
    )
}

proptest! {
    #[test]
    fn a_state_survives_the_trip_through_its_link((preset, week, goal, moves) in any_state()) {
        let preset = &PRESETS[preset];
        let goal = Goal::ALL[goal];
        let mut params = preset.params();
        for (spec, position) in SPECS.iter().zip(moves) {
            if let Some(position) = position {
                params.set(spec.param, value_at(spec, position)).unwrap();
            }
        }
        let link = Link::new(preset, week, goal, &params);
        let hash = format!("#{}", link.to_hash());
        // The default goal is left out; another is written as g=.
        prop_assert_eq!(hash.contains(&format!("&g={}", goal.id())), goal != Goal::Paid);
        let parsed = parse(&hash, 260);
        prop_assert!(parsed.problems.is_empty(), "{hash}: {:?}", parsed.problems);
        prop_assert_eq!(&parsed.link, &link);
        let mut restored = Preset::find(parsed.link.preset).unwrap().params();
        for setting in parsed.link.setting_strings() {
            restored.apply_setting(&setting).unwrap();
        }
        prop_assert_eq!(restored, params);
    }
}

#[test]
fn the_longest_link_of_any_preset_is_under_300_characters() {
    for preset in PRESETS {
        let params = longest(preset);
        // The longest goal id, too.
        let link = Link::new(preset, Some(259), Goal::Revenue, &params);
        let hash = format!("#{}", link.to_hash());
        assert_eq!(link.settings.len(), SPECS.len());
        assert!(hash.len() < 300, "{} characters: {hash}", hash.len());
    }
}

#[test]
fn a_link_may_use_full_parameter_ids_in_any_order() {
    let parsed = parse(
        "users.word_of_mouth=0.9&w=12&p=compute-crunch&cr=25000",
        260,
    );
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.link.preset, "compute-crunch");
    assert_eq!(parsed.link.week, Some(12));
    assert_eq!(
        parsed.link.settings,
        vec![
            ("compute.requests_per_gpu", 25_000.0),
            ("users.word_of_mouth", 0.9)
        ]
    );
}

#[test]
fn each_bad_part_of_a_link_is_named_and_the_rest_kept() {
    let cases: [(&str, &[&str]); 10] = [
        (
            "p=healthy&g=profit",
            &["goal = `profit` is not allowed: expected paid, revenue or users; using paid requests"],
        ),
        (
            "p=healthy&g=",
            &["goal = `` is not allowed: expected paid, revenue or users"],
        ),
        (
            "p=apps-without-audience&uq=.7&zzq=1",
            &["unknown key `zzq`"],
        ),
        (
            "p=apps-without-audience&uq=99999&w=12",
            &["`users.word_of_mouth` = 99999 is outside its range 0 to 3 per year"],
        ),
        (
            "p=healthy&uq=lots",
            &["`users.word_of_mouth` = `lots` is not a number"],
        ),
        (
            "p=healthy&uq=NaN",
            &["`users.word_of_mouth` = `NaN` is not a number"],
        ),
        (
            "p=healthy&w=99999",
            &["week `99999` is not a whole number from 0 to 260"],
        ),
        (
            "p=no-such-preset&uq=.7",
            &["unknown preset `no-such-preset`", "showing healthy"],
        ),
        (
            "%E0%A4%A&&==;;",
            &["`%E0%A4%A` is not a key=value pair", "unknown key ``"],
        ),
        (
            "p=heal%ZZthy",
            &["`p=heal%ZZthy` is not valid percent-encoding"],
        ),
    ];
    for (hash, expected) in cases {
        let parsed = parse(hash, 260);
        let all = parsed.problems.join(" | ");
        for text in expected {
            assert!(all.contains(text), "{hash}: expected `{text}` in `{all}`");
        }
    }
    let kept = parse("p=apps-without-audience&uq=.7&zzq=1&w=99999&g=profit", 260).link;
    assert_eq!(kept.preset, "apps-without-audience");
    assert_eq!(kept.goal, Goal::Paid);
    assert_eq!(kept.settings, vec![("users.word_of_mouth", 0.7)]);
    assert_eq!(kept.week, None);
    let garbage = parse("#just-some-words", 260);
    assert_eq!(garbage.link, parse("", 260).link);
    assert_eq!(garbage.problems.len(), 1);
    assert!(parse("", 260).problems.is_empty());
}

#[test]
fn a_link_writes_only_what_differs_from_its_preset() {
    let preset = Preset::find("hype-without-value").unwrap();
    let mut params = preset.params();
    assert_eq!(
        Link::new(preset, None, Goal::Paid, &params).to_hash(),
        "p=hype-without-value"
    );
    params.apply_setting("users.word_of_mouth=0.7").unwrap();
    params.apply_setting("users.market=30000000").unwrap();
    assert_eq!(
        Link::new(preset, Some(7), Goal::Paid, &params).to_hash(),
        "p=hype-without-value&w=7&um=3e7&uq=.7"
    );
    assert_eq!(
        Link::new(preset, Some(7), Goal::Users, &params).to_hash(),
        "p=hype-without-value&w=7&g=users&um=3e7&uq=.7"
    );
}

#[test]
fn the_goal_round_trips_in_any_order_and_defaults_to_paid() {
    assert_eq!(parse("p=healthy", 260).link.goal, Goal::Paid);
    for goal in Goal::ALL {
        let parsed = parse(&format!("g={}&p=compute-crunch&w=3", goal.id()), 260);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.link.goal, goal);
        assert_eq!(parse(&parsed.link.to_hash(), 260).link, parsed.link);
    }
    // The last of several wins, as for settings.
    assert_eq!(parse("g=users&g=revenue", 260).link.goal, Goal::Revenue);
}

/// The longest problem sentence: the longest message quotes at most two clipped texts.
const LONGEST_PROBLEM: usize = 400;

/// Checks what any link's or values' problems must satisfy: a bounded number of short
/// sentences with no invisible characters and an even number of backticks.
fn assert_bounded(problems: &[String], what: &str) {
    assert!(
        problems.len() <= MAX_NAMED_PROBLEMS + 1,
        "{what}: {} problems",
        problems.len()
    );
    for problem in problems {
        assert!(
            problem.chars().count() <= LONGEST_PROBLEM,
            "{what}: {} characters in {problem:.200}",
            problem.chars().count()
        );
        assert!(
            !problem.chars().any(flywheel::error::invisible),
            "{what}: an invisible character in {problem:?}"
        );
        assert_eq!(
            problem.matches('`').count() % 2,
            0,
            "{what}: quoted parts are paired in {problem}"
        );
    }
}

#[test]
fn a_link_over_the_limit_is_refused_whole_with_one_short_problem() {
    // A megabyte of hash, as a hostile page could link to: once 524,288 problems and 50.9 MB.
    let megabyte = "=&".repeat(1 << 19);
    let many = format!("p=compute-crunch&uq=.7{}", "&zz=1".repeat(20_000));
    for hash in [megabyte.as_str(), many.as_str()] {
        let parsed = parse(hash, 260);
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
        assert!(
            parsed.problems[0].contains(&format!(
                "is {} characters long, more than the 2000 allowed",
                hash.len()
            )),
            "{}",
            parsed.problems[0]
        );
        // Nothing of it is used, not even the good part in front.
        assert_eq!(parsed.link, parse("", 260).link);
    }
    // Right at the limit a link is still read.
    let at_limit = format!("p=compute-crunch&{}", "&".repeat(MAX_LINK_CHARS - 17));
    assert_eq!(at_limit.len(), MAX_LINK_CHARS);
    let parsed = parse(&format!("#{at_limit}"), 260);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.link.preset, "compute-crunch");
    assert!(!parse(&format!("{at_limit}&"), 260).problems.is_empty());
}

#[test]
fn a_few_problems_are_named_then_the_rest_counted_and_repeats_merged() {
    let hash = format!(
        "p=healthy{}&uq=.7",
        (0..100).map(|i| format!("&k{i}=1")).collect::<String>()
    );
    let parsed = parse(&hash, 260);
    assert_eq!(parsed.problems.len(), MAX_NAMED_PROBLEMS + 1);
    assert!(parsed.problems[0].starts_with("unknown key `k0`"));
    assert!(parsed.problems[4].starts_with("unknown key `k4`"));
    assert_eq!(parsed.problems[5], "and 95 more problems");
    assert_eq!(parsed.link.settings, vec![("users.word_of_mouth", 0.7)]);

    // The same problem again and again is one problem that says how often.
    let parsed = parse(&format!("p=healthy{}&w=lots", "&zz=1".repeat(300)), 260);
    assert_eq!(parsed.problems.len(), 2, "{:?}", parsed.problems);
    assert!(
        parsed.problems[0].starts_with("`zz` appears 300 times: unknown key `zz`"),
        "{}",
        parsed.problems[0]
    );
    assert!(parsed.problems[1].starts_with("week `lots`"));
    // Different values of one key are different problems.
    let parsed = parse("uq=lots&uq=heaps&uq=lots", 260);
    assert_eq!(parsed.problems.len(), 2, "{:?}", parsed.problems);
    assert!(parsed.problems[0].starts_with("`uq` appears 2 times: `users.word_of_mouth` = `lots`"));
}

#[test]
fn quoted_link_text_is_clipped_and_cannot_reorder_or_unpair_the_sentence() {
    let long = "x".repeat(1500);
    for hash in [
        format!("p={long}"),
        format!("w={long}"),
        format!("g={long}"),
        format!("uq={long}"),
        format!("{long}=1"),
        long.clone(),
    ] {
        let parsed = parse(&hash, 260);
        assert_eq!(
            parsed.problems.len(),
            1,
            "{hash:.20}: {:?}",
            parsed.problems
        );
        assert!(
            parsed.problems[0].contains("… (") && parsed.problems[0].len() < 300,
            "{hash:.20}: {}",
            parsed.problems[0]
        );
    }
    // A right-to-left override is shown, not obeyed.
    let parsed = parse("#p=%E2%80%AEyhtlaeh", 260);
    assert!(
        parsed.problems[0].starts_with("unknown preset `\\u{202e}yhtlaeh`"),
        "{}",
        parsed.problems[0]
    );
    // A backtick in a key or value is written out, so each quoted part ends at the next one.
    let parsed = parse("p=a%60b&z%60z=1", 260);
    assert!(parsed.problems[0].starts_with("unknown preset `a\\u{60}b`"));
    assert!(parsed.problems[1].starts_with("unknown key `z\\u{60}z`"));
    assert_eq!(quote("a`b\u{2067}"), "a\\u{60}b\\u{2067}");
    assert_bounded(&parsed.problems, "backticks");
}

#[test]
fn starting_values_are_read_as_a_link_is_with_the_same_bounds() {
    let values = parse_values(&[
        ("users.word_of_mouth", " 0.8 "),
        ("compute.payout_share", "<img src=x onerror=alert(1)>"),
        ("zz", "1"),
        ("users.nope", "1"),
    ]);
    assert_eq!(values.settings, vec![("users.word_of_mouth", 0.8)]);
    assert_eq!(
        values.problems,
        vec![
            "`compute.payout_share` = `<img src=x onerror=alert(1)>` is not a number".to_string(),
            "unknown parameter `zz` (an id is layer.name, such as users.word_of_mouth)".into(),
            values.problems[2].clone(),
        ]
    );
    assert!(values.problems[2].starts_with("unknown parameter `nope` of layer `users`"));

    // Thousands of bad values are refused whole, as a long link is.
    let ids: Vec<String> = (0..5000).map(|i| format!("zz.k{i}")).collect();
    let many: Vec<(&str, &str)> = ids.iter().map(|id| (id.as_str(), "1")).collect();
    let values = parse_values(&many);
    assert_eq!(values.problems.len(), 1, "{:?}", values.problems);
    // As the tag writes them: `zz.k0=1,zz.k1=1,...`.
    let written = ids.iter().map(|id| id.len() + "=1,".len()).sum::<usize>() - 1;
    assert!(
        values.problems[0].starts_with(&format!(
            "the starting values are {written} characters long, more than the 2000 allowed"
        )),
        "{}",
        values.problems[0]
    );
    assert!(values.settings.is_empty());
    // Fewer, under the limit: five named, the rest counted.
    let values = parse_values(&many[..100]);
    assert_eq!(values.problems.len(), MAX_NAMED_PROBLEMS + 1);
    assert_eq!(values.problems[5], "and 95 more problems");

    // Every parameter at its longest written value fits, even as JavaScript writes numbers.
    let longest: Vec<(&str, &str)> = SPECS
        .iter()
        .map(|spec| (spec.id, "-1.2345678901234567e-300"))
        .collect();
    let values = parse_values(&longest);
    assert!(
        !values.problems[0].contains("characters long"),
        "{}",
        values.problems[0]
    );
}

proptest! {
    #[test]
    fn any_link_gives_a_bounded_number_of_short_problems(
        parts in proptest::collection::vec("(p|w|g|uq|cg|zz|[a-z.%`=\u{202e}\u{5d0}]{0,6})=?[a-z0-9.%`\u{202e}\u{5d0}-]{0,60}", 0..400)
    ) {
        let hash = parts.join("&");
        let parsed = parse(&hash, 260);
        assert_bounded(&parsed.problems, &hash);
        let pairs: Vec<(&str, &str)> = parts.iter().map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
        assert_bounded(&parse_values(&pairs).problems, &hash);
    }
}

#[test]
fn the_futures_of_a_link_round_trip_and_every_range_fits_in_a_link() {
    let preset = &PRESETS[0];
    // Every parameter given a range at its extremes, the longest numbers there are.
    let ranges: Vec<(&'static str, f64, f64)> =
        SPECS.iter().map(|s| (s.id, s.min, s.max)).collect();
    let futures = Futures {
        runs: PAGE_MAX_RUNS,
        seed: MAX_SEED,
        spread: 0.4,
        verdicts: Verdicts::Stages,
        ranges,
    };
    let link = Link {
        futures: Some(futures.clone()),
        ..Link::new(preset, Some(60), Goal::Users, &preset.params())
    };
    let hash = link.to_hash();
    assert!(
        hash.len() < MAX_LINK_CHARS,
        "{} characters: {hash}",
        hash.len()
    );
    let parsed = parse(&hash, 260);
    assert_eq!(parsed.problems, Vec::<String>::new(), "{hash}");
    assert_eq!(parsed.link, link);
    // The defaults are not written; a link without the view has no futures.
    let plain = Futures::default().to_hash();
    assert_eq!(plain, "n=1000&s=1");
    assert_eq!(parse("p=healthy", 260).link.futures, None);
    assert_eq!(
        parse("p=healthy&s=9", 260).link.futures,
        Some(Futures {
            seed: 9,
            ..Futures::default()
        })
    );
}

#[test]
fn each_bad_part_of_the_futures_is_named_and_stands_at_its_default() {
    let parsed = parse(
        "p=healthy&n=0&s=9007199254740992&sp=-1&j=none&~uq=2:1&~uq=abc&~xx=1:2&n=250",
        260,
    );
    let futures = parsed
        .link
        .futures
        .clone()
        .expect("futures keys open the view");
    assert_eq!(futures.runs, 250, "a later good n is used");
    assert_eq!(futures.seed, 1);
    assert_eq!(futures.spread, 0.25);
    assert_eq!(futures.verdicts, Verdicts::Whole);
    assert!(futures.ranges.is_empty());
    let all = parsed.problems.join("\n");
    for said in [
        "futures `0` is not a whole number from 1 to 100000; running 1000",
        "seed `9007199254740992` is not a whole number from 0 to 9007199254740991; using seed 1",
        "spread `-1` is not a number from 0 to 10; using .25",
        "verdicts `none` is not whole or stages; using whole",
        "range `~uq=2:1` has LO above HI; using the default range",
    ] {
        assert!(all.contains(said), "expected {said:?} in:\n{all}");
    }
    assert_bounded(&parsed.problems, "bad futures");
    assert_eq!(parsed.problems.last().unwrap(), "and 2 more problems");
    // A range that cannot be used still opens the view.
    let only = parse("p=healthy&~uq=9:10", 260);
    assert!(only.link.futures.is_some());
    assert_eq!(only.problems.len(), 1, "{:?}", only.problems);
}

proptest! {
    #[test]
    fn two_compared_states_survive_the_trip_through_their_link(
        (b, week, b_goal, b_moves) in any_state(),
        (a, _, a_goal, a_moves) in any_state(),
    ) {
        let at = |preset: usize, moves: Vec<Option<u32>>| {
            let preset = &PRESETS[preset];
            let mut params = preset.params();
            for (spec, position) in SPECS.iter().zip(moves) {
                if let Some(position) = position {
                    params.set(spec.param, value_at(spec, position)).unwrap();
                }
            }
            (preset, params)
        };
        let (b_preset, b_params) = at(b, b_moves);
        let (a_preset, a_params) = at(a, a_moves);
        let link = Link::new(b_preset, week, Goal::ALL[b_goal], &b_params)
            .with_baseline(a_preset, Goal::ALL[a_goal], &a_params);
        let hash = format!("#{}", link.to_hash());
        prop_assert!(hash.contains(&format!("&a={}", a_preset.id)), "{}", hash);
        let parsed = parse(&hash, 260);
        prop_assert!(parsed.problems.is_empty(), "{hash}: {:?}", parsed.problems);
        prop_assert_eq!(&parsed.link, &link);
        let baseline = parsed.link.baseline.unwrap();
        let mut restored = Preset::find(baseline.preset).unwrap().params();
        for setting in baseline.setting_strings() {
            restored.apply_setting(&setting).unwrap();
        }
        prop_assert_eq!(restored, a_params);
    }
}

#[test]
fn a_compared_link_stays_far_under_the_limit() {
    // Both scenarios with every parameter at its longest form: the longest link there is.
    let preset = &PRESETS[0];
    let params = longest(preset);
    let link = Link::new(preset, Some(259), Goal::Revenue, &params).with_baseline(
        preset,
        Goal::Revenue,
        &params,
    );
    let hash = link.to_hash();
    assert!(hash.len() < 700, "{} characters: {hash}", hash.len());
    assert!(parse(&hash, 260).problems.is_empty());
}

#[test]
fn bad_parts_of_the_baseline_are_named_as_the_baseline_s() {
    let parsed = parse("#p=healthy&uq=.8&a=nope&a.g=joy&a.zz=1&a.uq=7", 260);
    let problems = parsed.problems.join(" | ");
    assert!(problems.contains("unknown preset `nope`"), "{problems}");
    assert!(
        problems.contains("the baseline A uses healthy"),
        "{problems}"
    );
    assert!(
        problems.contains("the baseline A uses paid requests"),
        "{problems}"
    );
    assert!(
        problems.contains("baseline A: unknown key `zz`"),
        "{problems}"
    );
    assert!(
        problems.contains("baseline A: `users.word_of_mouth` = 7"),
        "{problems}"
    );
    // What could be used is kept: B whole, and A with the preset B names.
    let baseline = parsed.link.baseline.unwrap();
    assert_eq!((baseline.preset, baseline.goal), ("healthy", Goal::Paid));
    assert!(baseline.settings.is_empty());
    assert_eq!(parsed.link.settings, vec![("users.word_of_mouth", 0.8)]);
    // Without any `a` key there is no baseline.
    assert_eq!(parse("#p=healthy&uq=.8", 260).link.baseline, None);
}

/// Every parameter at the slider value, other than `preset`'s, with the longest written form.
fn longest(preset: &Preset) -> Params {
    let mut params = Params::default();
    for spec in SPECS {
        let longest = (0..=positions(spec))
            .map(|p| value_at(spec, p))
            .filter(|&v| v != preset.params().get(spec.param))
            .max_by_key(|&v| compact(v).len())
            .unwrap();
        params.set(spec.param, longest).unwrap();
    }
    params
}
