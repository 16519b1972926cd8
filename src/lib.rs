//! Flywheel: a system-dynamics model of how demand travels through a decentralized AI network.
//!
//! Compute enables models; models enable applications; applications attract users; users
//! generate payments; payments fund incentives that grow the supply; verification builds trust;
//! trust brings usage back. [`run::simulate`] integrates the model over time,
//! [`verdict::verdict`] names the layer that holds the loop back, and [`report::report`] gives
//! both with a summary. The equations are in [`model`] and in MODEL.md.
//!
//! Everything but `web` is plain Rust with no browser dependency; `web` is the only place
//! with `#[wasm_bindgen]` and only converts.

pub mod chart;
pub mod error;
pub mod explain;
pub mod format;
pub mod integrate;
pub mod layer;
pub mod link;
pub mod live;
pub mod model;
pub mod noise;
pub mod params;
pub mod presets;
pub mod report;
pub mod run;
pub mod scenario;
pub mod slider;
pub mod summary;
pub mod verdict;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use error::Error;
pub use layer::Layer;
pub use scenario::Scenario;
