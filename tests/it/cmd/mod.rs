//! Running the `iamx` binary in a directory, for the test binaries of its commands.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `iamx ARGS` in `dir`, without colour.
pub fn iamx_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iamx"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Standard output, then standard error.
pub fn output(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A fresh temporary directory for one test of one binary.
pub fn tmp(binary: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("iamx-{binary}-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}
