//! The language server (`iamx lsp`), a room beside the CLI: it runs the driver on the editor's
//! open documents and answers from the compilation (diagnostics exactly as `iamx check`
//! reports them, hover, completion, definition, references, formatting with `fmt`, quick
//! fixes from the diagnostics' suggestions, the outline).
//!
//! The logic is pure and unit-tested: [`server::Server`] takes one message and returns what
//! to send; `analysis.rs` compiles a document through the driver (`Overlay` over the file
//! system, or over nothing for a document outside the workspace, so nothing outside the
//! workspace root is read); `features.rs` and `complete.rs` answer from an analysis;
//! `text.rs` converts positions (UTF-16) and URIs. Only `transport.rs` does I/O, the stdio
//! loop, and `stdfiles.rs`, which writes the standard modules to the cache directory for go to
//! definition into them.
//!
//! May use: `ast`, `aws` (the catalog and its descriptions), `check` (the comparison table),
//! `diag`, `driver`, `fmt`, `lexer`, `lints` (the lint configuration), `resolve`, `span`,
//! `stdlib`; never the backends or the CLI.

mod analysis;
mod complete;
mod features;
pub mod server;
mod stdfiles;
pub mod text;
mod transport;

pub use server::Server;
pub use transport::{MAX_MESSAGE, serve};

/// Serve on standard input and output (`iamx lsp`) with the command line's lint levels and
/// default project root; the process exit code.
pub fn serve_stdio(lints: crate::lints::LintConfig, root: Option<std::path::PathBuf>) -> i32 {
    let input = std::io::BufReader::new(std::io::stdin());
    let stdout = std::io::stdout();
    let mut output = std::io::BufWriter::new(stdout.lock());
    serve(Server::with(lints, root), input, &mut output)
}
