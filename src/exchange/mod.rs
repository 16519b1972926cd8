//! Files other system-dynamics tools read: the model as XMILE 1.0, and reading back what
//! Flywheel wrote. Plain Rust, no browser dependency, so a page can call it through wasm.

pub mod xmile;
pub mod xmile_read;
mod xml;
