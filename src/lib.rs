//! Flywheel: a system-dynamics model of how demand travels through a decentralized AI network.
//!
//! Compute enables models; models enable applications; applications attract users; users
//! generate payments; payments fund incentives that grow the supply; verification builds trust;
//! trust brings usage back. [`model::run::simulate`] integrates the model over time,
//! [`analysis::verdict::verdict`] names the layer that holds the loop back, and
//! [`analysis::report::report`] gives both with a summary. The equations are in [`model`] and
//! in MODEL.md.
//!
//! The folders follow the architecture:
//! - [`model`]: the equations, parameters, presets, scenarios and their integration;
//! - [`analysis`]: what a run means (verdict, summary, report) and what many runs say (the
//!   ensemble);
//! - [`reading`]: what a person reads and sets (words, links, sliders, number formats);
//! - [`chart`]: the charts, drawn with plotters on any backend;
//! - [`facade`]: what a page holds, and the wasm facade over it;
//! - [`exchange`]: files other tools read (XMILE 1.0), and reading back what Flywheel wrote;
//! - the CLI is the binary in `src/cli`.
//!
//! Everything but `facade::web` and `facade::web_study` is plain Rust with no browser
//! dependency; those two are the only places with `#[wasm_bindgen]`, and they only convert.

pub mod analysis;
pub mod chart;
pub mod error;
pub mod exchange;
pub mod facade;
pub mod model;
pub mod reading;

pub use error::Error;
pub use model::layer::Layer;
pub use model::scenario::Scenario;
