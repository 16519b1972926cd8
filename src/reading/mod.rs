//! What a person reads and sets: the run in words, links that carry a scenario, the sliders'
//! mapping from positions to values, numbers formatted as people read them, and an ensemble's
//! charts in words.

pub mod explain;
pub mod format;
pub mod link;
pub mod slider;
pub mod uncertainty;
