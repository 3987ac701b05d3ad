//! The `iamx` command.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;

/// Stack sizes to try for the compiler thread, largest first. Every recursive walk is bounded
/// (nesting 128, fn and template depth 64, imports 64) and fits in the last one with room to
/// spare; the larger ones are a margin. A memory limit (`ulimit -v`, a container) can refuse
/// the larger mappings, so iamx falls back instead of failing.
const STACKS: [usize; 3] = [256 << 20, 64 << 20, 16 << 20];

fn main() {
    let mut last_error = None;
    for size in STACKS {
        match std::thread::Builder::new()
            .name("iamx".into())
            .stack_size(size)
            .spawn(iamx::cli::main)
        {
            Ok(handle) => {
                let code = handle.join().unwrap_or_else(|_| {
                    // The panic message is already on stderr.
                    let _ = writeln!(
                        std::io::stderr(),
                        "error: iamx stopped on an internal error; please report it with the input that caused it"
                    );
                    2
                });
                std::process::exit(code);
            }
            Err(e) => last_error = Some(e),
        }
    }
    let reason = last_error.map(|e| e.to_string()).unwrap_or_default();
    let _ = writeln!(
        std::io::stderr(),
        "error: cannot start the compiler thread ({} MiB stack): {reason}; raise the memory limit",
        STACKS.last().copied().unwrap_or_default() >> 20
    );
    std::process::exit(2);
}
