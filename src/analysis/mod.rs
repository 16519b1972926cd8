//! What a run means: the verdict (which layer holds the loop back, and in which year), the
//! summary numbers, and the report that carries both with the series to the CLI and the page.

pub mod report;
pub mod summary;
pub mod verdict;
