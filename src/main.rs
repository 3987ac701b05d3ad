//! The `iamx` command.

fn main() {
    // The compiler's tree walks are recursive; give them room beyond the platform default so
    // deeply nested (but legal) input cannot overflow the stack. The parser refuses nesting
    // deeper than 128 and evaluation stops at 64 levels, so this is a margin, not the guard.
    let code = std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(iamx::cli::main)
        .ok()
        .and_then(|h| h.join().ok())
        .unwrap_or(2);
    std::process::exit(code);
}
