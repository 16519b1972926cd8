//! Reading back an XMILE file Flywheel wrote: its parameter values, sim_specs and preset, as
//! a scenario. Anything else is refused with a message saying what could not be read.
//!
//! The file's equations are compared with the ones Flywheel writes for the values read, so a
//! file whose model was changed is refused rather than run as if the change had been read.

use crate::error::quoted;
use crate::exchange::xmile::{
    method, param_name, variables, Kind, XmileError, FLYWHEEL_NAMESPACE, PRODUCT, VENDOR,
    XMILE_NAMESPACE,
};
use crate::exchange::xml::{parse, Element};
use crate::model::integrate::Integrator;
use crate::model::params::{Params, SPECS};
use crate::model::presets::Preset;
use crate::model::scenario::{RunOptions, MAX_WEEKS};
use crate::Scenario;

/// The largest file read: Flywheel's files are about 60 KB.
pub const MAX_XMILE_BYTES: usize = 4 << 20;

/// A file read back as a scenario, from its bytes.
///
/// # Errors
/// [`XmileError::TooLarge`] and [`XmileError::NotUtf8`], else as [`from_xmile`].
pub fn from_xmile_bytes(bytes: &[u8]) -> Result<Scenario, XmileError> {
    if bytes.len() > MAX_XMILE_BYTES {
        return Err(XmileError::TooLarge {
            bytes: bytes.len(),
            max: MAX_XMILE_BYTES,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| XmileError::NotUtf8 {
        at: e.valid_up_to(),
    })?;
    from_xmile(text)
}

/// A file Flywheel wrote (with [`crate::exchange::xmile::to_xmile`]) read back as the
/// scenario it holds: preset, parameter values, horizon, step and integrator. The goal is the
/// default; the file does not hold one.
///
/// # Errors
/// [`XmileError`] naming what cannot be read: not XML, not XMILE 1.0, not written by
/// Flywheel, sim_specs out of bounds, a parameter missing, given twice, not a number or out of
/// its range, an unknown variable, or an equation that is not Flywheel's.
pub fn from_xmile(text: &str) -> Result<Scenario, XmileError> {
    if text.len() > MAX_XMILE_BYTES {
        return Err(XmileError::TooLarge {
            bytes: text.len(),
            max: MAX_XMILE_BYTES,
        });
    }
    let root = parse(text).map_err(|e| XmileError::NotXml {
        line: e.line,
        why: e.why,
    })?;
    let not_xmile = |why: String| XmileError::NotXmile { why };
    if root.name != "xmile" {
        return Err(not_xmile(format!(
            "its root element is `{}`, not `xmile`",
            quoted(&root.name)
        )));
    }
    if root.attribute("xmlns") != Some(XMILE_NAMESPACE) {
        return Err(not_xmile(format!(
            "its namespace is `{}`, not {XMILE_NAMESPACE}",
            quoted(root.attribute("xmlns").unwrap_or(""))
        )));
    }
    let header = only(&root, "header").map_err(not_xmile)?;
    expect_only(&root, &["header", "sim_specs", "model"])?;
    let preset = read_header(header)?;
    let specs = only(&root, "sim_specs").map_err(not_xmile)?;
    let options = read_sim_specs(specs)?;
    let model = only(&root, "model").map_err(|why| XmileError::NotFlywheel { why })?;
    let listed = only(model, "variables").map_err(|why| XmileError::NotFlywheel { why })?;
    expect_only(model, &["variables"])?;

    let mut found: Vec<(&str, &Element)> = Vec::new();
    for element in &listed.children {
        let Some(name) = element.attribute("name") else {
            return Err(XmileError::NotFlywheel {
                why: format!("a `<{}>` has no name", quoted(&element.name)),
            });
        };
        expect_only(
            element,
            &["eqn", "inflow", "outflow", "non_negative", "units", "doc"],
        )?;
        if found.iter().any(|(n, _)| *n == name) {
            return Err(XmileError::Duplicate { name: name.into() });
        }
        found.push((name, element));
    }
    let eqn = |element: &Element| -> Result<String, XmileError> {
        let name = element.attribute("name").unwrap_or("");
        let eqns: Vec<&Element> = element.children_named("eqn").collect();
        match eqns.as_slice() {
            [eqn] => Ok(eqn.text.trim().to_string()),
            _ => Err(XmileError::Changed {
                name: name.into(),
                what: "equation",
                found: format!("{} <eqn> elements", eqns.len()),
            }),
        }
    };

    let mut params = Params::default();
    for spec in SPECS {
        let name = param_name(spec);
        let Some(&(_, element)) = found.iter().find(|(n, _)| *n == name) else {
            return Err(XmileError::MissingParameter { name });
        };
        let value = spec.parse(&eqn(element)?)?;
        params.set(spec.param, value)?;
    }
    let scenario = Scenario {
        preset,
        params,
        options,
    };

    // Everything else must be exactly what Flywheel writes for these values.
    let expected = variables(&scenario);
    for (name, _) in &found {
        if !expected.iter().any(|v| v.name == *name) {
            return Err(XmileError::Unknown {
                name: (*name).into(),
            });
        }
    }
    for want in &expected {
        let Some(&(_, element)) = found.iter().find(|(n, _)| *n == want.name) else {
            return Err(XmileError::MissingVariable {
                name: want.name.clone(),
            });
        };
        let changed = |what: &'static str, found: String| XmileError::Changed {
            name: want.name.clone(),
            what,
            found,
        };
        let tag = match want.kind {
            Kind::Stock { .. } => "stock",
            Kind::Flow => "flow",
            Kind::Aux => "aux",
        };
        if element.name != tag {
            return Err(changed("kind", element.name.clone()));
        }
        let text = eqn(element)?;
        if SPECS.iter().any(|spec| param_name(spec) == want.name) {
            continue;
        }
        if squeeze(&text) != squeeze(&want.eqn) {
            return Err(changed("equation", text));
        }
        if let Kind::Stock {
            inflows,
            outflows,
            non_negative,
        } = &want.kind
        {
            let non_negative = *non_negative;
            let texts = |tag: &str| -> Vec<String> {
                element
                    .children_named(tag)
                    .map(|e| e.text.trim().to_string())
                    .collect()
            };
            let (ins, outs) = (texts("inflow"), texts("outflow"));
            if ins != *inflows || outs != *outflows {
                let found = format!("in: {}; out: {}", ins.join(", "), outs.join(", "));
                return Err(changed("flows", found));
            }
            let clamped = element.children_named("non_negative").next().is_some();
            if clamped != non_negative {
                return Err(changed("non_negative", clamped.to_string()));
            }
        }
    }
    Ok(scenario)
}

/// The one child named `name`.
fn only<'a>(parent: &'a Element, name: &'a str) -> Result<&'a Element, String> {
    let mut named = parent.children_named(name);
    match (named.next(), named.next()) {
        (Some(element), None) => Ok(element),
        (None, _) => Err(format!("it has no `<{name}>` in `<{}>`", parent.name)),
        (Some(_), Some(_)) => Err(format!(
            "it has more than one `<{name}>` in `<{}>`",
            parent.name
        )),
    }
}

/// Refuses a child element other than `allowed`: it could change what the model means in
/// another tool while Flywheel ignored it.
fn expect_only(parent: &Element, allowed: &[&str]) -> Result<(), XmileError> {
    match parent
        .children
        .iter()
        .find(|c| !allowed.contains(&c.name.as_str()))
    {
        Some(other) => Err(XmileError::NotFlywheel {
            why: format!(
                "it has a `<{}>` in `<{}>`, which Flywheel does not write",
                quoted(&other.name),
                quoted(&parent.name)
            ),
        }),
        None => Ok(()),
    }
}

/// The header's vendor and product must be Flywheel's; returns the preset it names, if any.
fn read_header(header: &Element) -> Result<Option<&'static str>, XmileError> {
    let not_ours = |why: String| XmileError::NotFlywheel { why };
    let text = |name| only(header, name).map(|e| e.text.trim().to_string());
    let vendor = text("vendor").map_err(not_ours)?;
    if vendor != VENDOR {
        return Err(not_ours(format!("its vendor is `{}`", quoted(&vendor))));
    }
    let product = text("product").map_err(not_ours)?;
    if product != PRODUCT {
        return Err(not_ours(format!("its product is `{}`", quoted(&product))));
    }
    let mut scenarios = header.children_named("flywheel:scenario");
    let preset = match (scenarios.next(), scenarios.next()) {
        (None, _) => None,
        (Some(_), Some(_)) => {
            return Err(not_ours("its header names more than one scenario".into()))
        }
        (Some(scenario), None) => {
            if scenario.attribute("xmlns:flywheel") != Some(FLYWHEEL_NAMESPACE) {
                return Err(not_ours(format!(
                    "its scenario element is not in the namespace {FLYWHEEL_NAMESPACE}"
                )));
            }
            let id = scenario.attribute("preset").unwrap_or("");
            Some(Preset::find(id)?.id)
        }
    };
    Ok(preset)
}

/// Start 0, stop a whole number of weeks, dt, method Euler or RK4, time in weeks.
fn read_sim_specs(specs: &Element) -> Result<RunOptions, XmileError> {
    let bad = |why: String| XmileError::SimSpecs { why };
    let units = specs.attribute("time_units").unwrap_or("");
    if units != "weeks" {
        return Err(bad(format!("time_units is `{}`, not weeks", quoted(units))));
    }
    let method_text = specs.attribute("method").unwrap_or("");
    let integrator = [Integrator::Euler, Integrator::Rk4]
        .into_iter()
        .find(|&i| method(i) == method_text)
        .ok_or_else(|| {
            bad(format!(
                "method is `{}`, not Euler or RK4",
                quoted(method_text)
            ))
        })?;
    let text = |name| {
        only(specs, name)
            .map(|e| e.text.trim().to_string())
            .map_err(bad)
    };
    let start = text("start")?;
    if start != "0" {
        return Err(bad(format!("start is `{}`, not 0", quoted(&start))));
    }
    let stop = text("stop")?;
    let weeks: u32 = stop
        .parse()
        .ok()
        .filter(|w| (1..=MAX_WEEKS).contains(w))
        .ok_or_else(|| {
            bad(format!(
                "stop is `{}`, not a whole number of weeks from 1 to {MAX_WEEKS}",
                quoted(&stop)
            ))
        })?;
    let dt = only(specs, "dt").map_err(bad)?;
    if dt.attribute("reciprocal").is_some() {
        return Err(bad("dt is given as a reciprocal".into()));
    }
    let dt_text = dt.text.trim();
    let step_weeks: f64 = dt_text
        .parse()
        .ok()
        .filter(|dt: &f64| dt.is_finite() && dt_text.starts_with(|c: char| c.is_ascii_digit()))
        .ok_or_else(|| bad(format!("dt is `{}`, not a number", quoted(dt_text))))?;
    let options = RunOptions {
        integrator,
        step_weeks,
        weeks,
        ..RunOptions::default()
    };
    options.steps()?;
    Ok(options)
}

/// An equation with its runs of whitespace made single spaces.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
