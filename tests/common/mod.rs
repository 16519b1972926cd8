//! What the tests of the `flywheel` command share: running it, and its output when it succeeds.
#![allow(dead_code)] // Each test file uses what it needs.

use std::process::{Command, Output};

/// The `flywheel` command built for these tests, run with `args`.
pub fn flywheel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_flywheel"))
        .args(args)
        .output()
        .unwrap()
}

/// What `flywheel args` prints, failing the test (with its stderr) if it does not succeed.
pub fn stdout(args: &[&str]) -> String {
    let out = flywheel(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
