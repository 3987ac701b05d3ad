//! The standard modules parsed once per process: their text is fixed, so the AST of
//! `std.aws.arn` at a given file id is always the same. A compilation that imports it gets a
//! copy instead of lexing and parsing it again, which matters to the language server, which
//! compiles on every change (the standard modules were half of a small document's compile).
//!
//! May use: `ast`, `diag`, `parser`, `span`.

use crate::ast::Module;
use crate::diag::Diag;
use crate::parser;
use crate::span::FileId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Entries kept at most: one per standard module and file id it was loaded at, which the
/// order of a project's imports decides; a handful in practice.
const MAX_ENTRIES: usize = 256;

type Parsed = Arc<(Module, Vec<Diag>)>;

fn cache() -> &'static Mutex<HashMap<(String, FileId), Parsed>> {
    static CACHE: OnceLock<Mutex<HashMap<(String, FileId), Parsed>>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// The AST of standard module `name` (text `src`) as file `file`, and its diagnostics.
pub fn parse(name: &str, src: &str, file: FileId) -> (Module, Vec<Diag>) {
    let key = (name.to_string(), file);
    let hit = cache()
        .lock()
        .ok()
        .and_then(|c| c.get(&key).map(Arc::clone));
    let parsed = match hit {
        Some(p) => p,
        None => {
            let (ast, errs) = parser::parse(src, file);
            let diags = errs.parse.iter().map(|e| e.to_diag()).collect();
            let p: Parsed = Arc::new((ast, diags));
            if let Ok(mut c) = cache().lock() {
                if c.len() >= MAX_ENTRIES {
                    c.clear();
                }
                c.insert(key, Arc::clone(&p));
            }
            p
        }
    };
    (parsed.0.clone(), parsed.1.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_parse_is_the_parse() {
        let name = "std.aws.arn";
        let src = crate::stdlib::source(name).unwrap();
        let first = parse(name, src, 3);
        let again = parse(name, src, 3);
        let (fresh, errs) = parser::parse(src, 3);
        assert_eq!(first.0, fresh);
        assert_eq!(again.0, fresh);
        assert!(errs.parse.is_empty() && again.1.is_empty());
        // Another file id: spans point into that file.
        let other = parse(name, src, 4);
        assert_eq!(other.0, parser::parse(src, 4).0);
    }
}
