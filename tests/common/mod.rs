//! Helpers shared by the test binaries.

use iamx::backend::OutputFile;

/// Output files as one text for a snapshot: `=== path ===` then the contents, in order.
pub fn render(files: &[OutputFile]) -> String {
    files
        .iter()
        .map(|f| {
            format!(
                "=== {} ===\n{}",
                f.path,
                String::from_utf8_lossy(&f.contents)
            )
        })
        .collect()
}
