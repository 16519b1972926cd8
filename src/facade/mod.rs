//! What a page holds: a live run kept up to date as its scenario changes, and (in wasm only)
//! the `#[wasm_bindgen]` facade that converts between it and JavaScript.

pub mod live;

#[cfg(target_arch = "wasm32")]
pub mod web;
