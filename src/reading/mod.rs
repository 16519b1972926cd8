//! What a person reads and sets: the run in words, links that carry a scenario, the sliders'
//! mapping from positions to values, numbers formatted as people read them, an ensemble's
//! charts in words, two scenarios compared, and the scenario file.

pub mod compare;
pub mod explain;
pub mod format;
pub mod link;
pub mod scenario_file;
pub mod slider;
pub mod uncertainty;
