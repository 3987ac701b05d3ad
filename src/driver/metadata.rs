//! Files a program reads besides its modules: a `saml_provider`'s `metadata`, the IdP's SAML
//! metadata XML. Part of the driver's loading (only I/O through its [`Host`]): the path is
//! relative to the declaring module and must stay inside the project root (as imports do),
//! symbolic links included; the host reads it with its size cap and it is checked the way IAM
//! checks it. The checker finds the result in [`Graph::files`].

use crate::ast::{DeclKind, Expr, Item, ResKind};
use crate::driver::{Host, ReadError, dir_of, normalize, within};
use crate::resolve::Graph;
use std::path::{Path, PathBuf};

/// IAM takes a SAML metadata document of 1,000 to 10,000,000 characters (the host reads at most
/// `driver::MAX_SOURCE_BYTES` of a file).
pub const MIN_LEN: usize = 1_000;
pub const MAX_LEN: usize = 10_000_000;

/// The literal `metadata = "PATH"` of every `saml_provider` of a module.
fn metadata_paths(graph: &Graph, module: usize) -> Vec<String> {
    let Some(m) = graph.modules.get(module) else {
        return vec![];
    };
    let mut out = Vec::new();
    for d in &m.ast.decls {
        let DeclKind::Resource {
            kind: ResKind::SamlProvider,
            body,
        } = &d.kind
        else {
            continue;
        };
        for item in body {
            if let Item::Prop {
                key,
                value: Expr::Str(s),
            } = item
            {
                if key.name == "metadata" {
                    out.extend(s.as_plain());
                }
            }
        }
    }
    out
}

/// Read every metadata file the file modules declare. `modules`: (module index, its file, with
/// symbolic links resolved); `root`: the project root, resolved the same way.
pub fn read_all(host: &dyn Host, graph: &mut Graph, modules: &[(usize, PathBuf)], root: &Path) {
    for (m, file) in modules {
        for rel in metadata_paths(graph, *m) {
            let result = read(host, file, &rel, root);
            graph.files.insert((*m, rel), result);
        }
    }
}

fn read(host: &dyn Host, module: &Path, rel: &str, root: &Path) -> Result<String, String> {
    let rel_path = Path::new(rel);
    if rel_path.has_root() || rel_path.is_absolute() {
        return Err("an absolute path; write it relative to the module".into());
    }
    let full = normalize(&dir_of(module).join(rel_path));
    if !within(&full, root) {
        return Err("it leaves the project root".into());
    }
    // The lexical path is inside the root; a symbolic link must not lead out of it.
    let real = host
        .resolve(&full)
        .ok_or_else(|| ReadError::NotFound.to_string())?;
    if !within(&real, root) {
        return Err("a symbolic link leads outside the project root".into());
    }
    let bytes = host.read(&real).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    let len = text.chars().count();
    if !(MIN_LEN..=MAX_LEN).contains(&len) {
        return Err(format!(
            "{len} characters; IAM takes a metadata document of {MIN_LEN} to {MAX_LEN}"
        ));
    }
    if !text.contains("EntityDescriptor") {
        return Err("it is not SAML metadata (no `EntityDescriptor`); download it from your identity provider".into());
    }
    Ok(text)
}
