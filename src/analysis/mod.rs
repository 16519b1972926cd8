//! What a run means: the verdict (which layer holds the loop back, and in which year), the
//! summary numbers, the report that carries both with the series to the CLI and the page, and
//! the ensemble: the odds of each bottleneck across uncertain assumptions.

pub mod ensemble;
pub mod report;
pub mod summary;
pub mod verdict;
