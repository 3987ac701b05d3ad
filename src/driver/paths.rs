//! Lexical path handling for module loading: normalisation, the project root and confinement.
//!
//! Paths are resolved as text: `a/b/../c` is `a/c` whatever `a/b` is on disk, so an import means
//! the same file from every working directory. Symbolic links are handled separately by the
//! loader: the file a link leads to must still lie inside the project root.

use std::path::{Component, Path, PathBuf};

/// Lexical normalisation: `a/./b/../c` → `a/c`, `../../x` stays `../../x`, `/..` is `/`.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                // `..` at the root is the root.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                Some(Component::ParentDir | Component::CurDir) | None => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The directory holding `file` (`""` for a bare file name).
pub fn dir_of(file: &Path) -> PathBuf {
    file.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The deepest directory that holds every one of `files` (normalised paths).
pub fn common_dir(files: &[PathBuf]) -> PathBuf {
    let mut dirs = files.iter().map(|f| dir_of(f));
    let Some(first) = dirs.next() else {
        return PathBuf::new();
    };
    dirs.fold(first, |acc, d| {
        acc.components()
            .zip(d.components())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.as_os_str())
            .collect()
    })
}

/// Whether normalised `path` lies inside normalised directory `root`.
pub fn within(path: &Path, root: &Path) -> bool {
    let ups = |p: &Path| {
        p.components()
            .take_while(|c| matches!(c, Component::ParentDir))
            .count()
    };
    path.starts_with(root) && ups(path) == ups(root) && path != root
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(Path::new(s)).display().to_string()
    }

    #[test]
    fn parent_dirs_are_kept_when_nothing_is_left_to_pop() {
        assert_eq!(n("a/./b/../c"), "a/c");
        assert_eq!(n("../../x.iamx"), "../../x.iamx");
        assert_eq!(n("a/../../x.iamx"), "../x.iamx");
        assert_eq!(n("../a/../../b"), "../../b");
        assert_eq!(n("/../etc/x"), "/etc/x");
        assert_eq!(n("./x.iamx"), "x.iamx");
    }

    #[test]
    fn confinement_is_lexical() {
        let root = normalize(Path::new("proj"));
        assert!(within(&normalize(Path::new("proj/a/x.iamx")), &root));
        assert!(!within(&normalize(Path::new("proj/../x.iamx")), &root));
        assert!(!within(&normalize(Path::new("projx/x.iamx")), &root));
        assert!(within(Path::new("x.iamx"), Path::new("")));
        assert!(!within(Path::new("../x.iamx"), Path::new("")));
        assert!(within(Path::new("../a/x.iamx"), Path::new("../a")));
        assert!(!within(Path::new("../../a/x.iamx"), Path::new("../a")));
        assert_eq!(
            common_dir(&[PathBuf::from("a/b/x.iamx"), PathBuf::from("a/c/y.iamx")]),
            PathBuf::from("a")
        );
        assert_eq!(common_dir(&[PathBuf::from("x.iamx")]), PathBuf::new());
    }
}
