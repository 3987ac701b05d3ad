//! What a language server asks of a compilation, answered from the parsed modules and the
//! reference table, so it works on a file with errors: the declaration at a position, its
//! definition, its uses. Positions are byte offsets in a file of [`Compilation::files`].

use super::Compilation;
use crate::resolve::{DeclRef, Reference, references};
use crate::span::{FileId, Span};

impl Compilation {
    /// Every reference of every module to a declaration (see [`crate::resolve::refs`]). Built
    /// on demand from the ASTs and scopes; a server keeps it while the sources do not change.
    pub fn references(&self) -> Vec<Reference> {
        references(&self.graph)
    }

    /// The module compiled from `file`.
    pub fn module_of(&self, file: FileId) -> Option<usize> {
        self.graph.modules.iter().position(|m| m.file == file)
    }

    /// The declaration named at `offset` of `file`: by a reference there, or by the name of
    /// the declaration itself.
    pub fn decl_at(&self, refs: &[Reference], file: FileId, offset: usize) -> Option<DeclRef> {
        let inside = |s: Span| s.file == file && s.start <= offset && offset <= s.end;
        if let Some(r) = refs.iter().find(|r| inside(r.span)) {
            return Some(r.target);
        }
        let module = self.module_of(file)?;
        let decls = &self.graph.modules.get(module)?.ast.decls;
        let decl = decls.iter().position(|d| inside(d.name.span))?;
        Some(DeclRef { module, decl })
    }

    /// Where the declaration named at `offset` of `file` is declared (the span of its name).
    pub fn definition_at(&self, refs: &[Reference], file: FileId, offset: usize) -> Option<Span> {
        let r = self.decl_at(refs, file, offset)?;
        Some(self.decl_span(r)?.0)
    }

    /// The span of a declaration's name and of the whole declaration.
    pub fn decl_span(&self, r: DeclRef) -> Option<(Span, Span)> {
        let d = self.graph.modules.get(r.module)?.ast.decls.get(r.decl)?;
        Some((d.name.span, d.span))
    }

    /// Every use of a declaration, in module and source order.
    pub fn uses_of(refs: &[Reference], target: DeclRef) -> impl Iterator<Item = Span> + '_ {
        refs.iter()
            .filter(move |r| r.target == target)
            .map(|r| r.span)
    }
}

#[cfg(test)]
mod tests {
    use crate::driver::{FsHost, MemHost, Overlay, compile};
    use crate::lints::LintConfig;
    use std::path::PathBuf;

    /// A module with a typo (`s3:GetObjet`, an unknown property) and an import.
    const MAIN: &str = r#"use "./shared.iamx" as shared

/// Reads the input bucket
role task {
  trust service "ecs-tasks.amazonaws.com"
  attach shared.read
  attach logs
  colour = "blue"
}

policy logs {
  allow s3:GetObjet on "arn:aws:s3:::b/*"
}
"#;

    const SHARED: &str = "policy read {\n  allow s3:GetObject on \"arn:aws:s3:::b/*\"\n}\n";

    fn at(src: &str, needle: &str) -> usize {
        src.find(needle).unwrap()
    }

    #[test]
    fn a_file_with_errors_keeps_its_modules_partial_program_and_references() {
        let host = MemHost::default()
            .with("p/main.iamx", MAIN)
            .with("p/shared.iamx", SHARED);
        let c = compile(
            &host,
            &[PathBuf::from("p/main.iamx")],
            &LintConfig::default(),
        );
        let codes: Vec<&str> = c.diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["E0410", "E0502"], "{:?}", c.diags);
        assert!(c.program.is_none());
        // The partial program still has both declarations of main and the imported policy.
        let partial = c.partial.as_ref().unwrap();
        let ids: Vec<&str> = partial
            .entities
            .iter()
            .map(|e| e.common().id.as_str())
            .collect();
        assert_eq!(ids, ["task", "logs", "shared_read"]);
        // The ASTs of both modules, with spans.
        assert_eq!(c.graph.modules.len(), 2);
        let main = c.module_of(0).unwrap();
        let refs = c.references();
        // Go to definition: `logs` in `attach logs` leads to `policy logs`.
        let def = c
            .definition_at(&refs, 0, at(MAIN, "logs\n  colour") + 1)
            .unwrap();
        assert_eq!(def.file, 0);
        assert_eq!(&MAIN[def.range()], "logs");
        assert_eq!(def.start, at(MAIN, "logs {"));
        // Across modules: `read` in `shared.read` leads to the other file.
        let def = c.definition_at(&refs, 0, at(MAIN, "read")).unwrap();
        assert_eq!(def.file, 1);
        assert_eq!(&SHARED[def.range()], "read");
        // `shared` itself is the import.
        let import = c.decl_at(&refs, 0, at(MAIN, "shared.read")).unwrap();
        assert_eq!((import.module, import.decl), (main, 0));
        // Find references from the declaration's own name.
        let logs = c.decl_at(&refs, 0, at(MAIN, "logs {")).unwrap();
        let uses: Vec<usize> = crate::driver::Compilation::uses_of(&refs, logs)
            .map(|s| s.start)
            .collect();
        assert_eq!(uses, [at(MAIN, "logs\n  colour")]);
        // Nothing is declared at a keyword.
        assert!(c.decl_at(&refs, 0, at(MAIN, "trust")).is_none());
    }

    #[test]
    fn parameters_hide_declarations_of_the_same_name() {
        let src = "let env = \"prod\"\nfn name(env: String) -> String = \"${env}-task\"\n\
                   role r {\n  name = name(env)\n  trust service \"ecs-tasks.amazonaws.com\"\n}\n";
        let c = crate::driver::compile_str("t.iamx", src);
        let refs = c.references();
        // `${env}` inside the fn is its parameter: no reference; `name(env)` uses both.
        let targets: Vec<&str> = refs.iter().map(|r| &src[r.span.range()]).collect();
        assert_eq!(targets, ["name", "env"]);
    }

    #[test]
    fn an_overlay_compiles_unsaved_edits() {
        let dir = std::env::temp_dir().join(format!("iamx-overlay-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("main.iamx");
        std::fs::write(&file, "policy p {\n  allow s3:GetObject on *\n}\n").unwrap();
        let mut host = Overlay::new(&FsHost);
        host.open(&file, "policy p {\n  allow s3:GetObjet on *\n}\n");
        let c = compile(&host, std::slice::from_ref(&file), &LintConfig::default());
        assert!(c.diags.iter().any(|d| d.code == "E0502"), "{:?}", c.diags);
        host.close(&file);
        let c = compile(&host, std::slice::from_ref(&file), &LintConfig::default());
        assert!(!c.has_errors(), "{:?}", c.diags);
        // A new file that exists only in the editor.
        let new = dir.join("new.iamx");
        host.open(&new, "let x = 1\n");
        let c = compile(&host, std::slice::from_ref(&new), &LintConfig::default());
        assert!(!c.has_errors(), "{:?}", c.diags);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
