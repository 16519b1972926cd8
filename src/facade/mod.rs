//! What a page holds: a live run kept up to date as its scenario changes, an ensemble as its
//! workers fill it in, the files it exports and opens, and (in wasm only) the `#[wasm_bindgen]` facades that convert between
//! them and JavaScript.

pub mod files;
pub mod live;
pub mod study;

#[cfg(target_arch = "wasm32")]
pub mod web;
#[cfg(all(target_arch = "wasm32", feature = "study"))]
pub mod web_study;
