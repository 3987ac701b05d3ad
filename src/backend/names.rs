//! Names the backends make up: Terraform labels and CloudFormation logical ids, unique per file.

use std::collections::HashSet;

/// Hands out unique, valid names.
#[derive(Default)]
pub struct Names {
    used: HashSet<String>,
}

impl Names {
    /// A Terraform label from `base` (letters, digits, `_`, `-`; starting with a letter or `_`),
    /// with `_2`, `_3`, ... when taken.
    pub fn unique(&mut self, base: &str) -> String {
        let mut s: String = base
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if !s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            s.insert(0, '_');
        }
        self.claim(s)
    }

    /// Reserve a name as is, or with a numeric suffix when taken.
    pub fn claim(&mut self, s: String) -> String {
        if self.used.insert(s.clone()) {
            return s;
        }
        let mut n = 2;
        loop {
            let candidate = format!(
                "{s}{}{n}",
                if s.ends_with(|c: char| c.is_ascii_digit()) {
                    "_"
                } else {
                    ""
                }
            );
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// `task_execution` → `TaskExecution` (CloudFormation logical ids are alphanumeric).
pub fn upper_camel(id: &str) -> String {
    let mut out = String::new();
    let mut up = true;
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            if up {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            up = false;
        } else {
            up = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_logical_ids() {
        let mut n = Names::default();
        assert_eq!(n.unique("task_logs"), "task_logs");
        assert_eq!(n.unique("task_logs"), "task_logs2");
        assert_eq!(n.unique("a.b@c"), "a_b_c");
        assert_eq!(n.unique("1x"), "_1x");
        assert_eq!(upper_camel("task_execution"), "TaskExecution");
        assert_eq!(
            upper_camel("logging_read_artifacts"),
            "LoggingReadArtifacts"
        );
    }
}
