//! "Did you mean" over names, actions, keys and managed policies (shared by every stage).
//!
//! May use: nothing of the crate.

/// The candidate closest to `needle` (case-insensitive edit distance), if it is close enough to be
/// a plausible typo: at most a third of the needle's length, and at least one edit allowed. When
/// nothing is that close, the shortest candidate the needle (3 characters or more) abbreviates.
pub fn closest<'a>(needle: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = needle.to_ascii_lowercase();
    let chars = needle.chars().count();
    let limit = (chars / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    let mut prefix: Option<&'a str> = None;
    for c in candidates {
        let cl = c.to_ascii_lowercase();
        if lower.len() >= 3 && cl.starts_with(&lower) && prefix.is_none_or(|p| c.len() < p.len()) {
            prefix = Some(c);
        }
        // The distance is at least the difference in length: skip computing it (the Google
        // Cloud and Azure catalogs offer thousands of candidates).
        if cl.chars().count().abs_diff(chars) > limit {
            continue;
        }
        let d = strsim::damerau_levenshtein(&lower, &cl);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c).or(prefix)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn picks_the_nearest_plausible_name() {
        let names = ["task", "task_exec", "reader"];
        assert_eq!(closest("tsak", names.into_iter()), Some("task"));
        assert_eq!(closest("zzzzzz", names.into_iter()), None);
        assert_eq!(closest("rea", names.into_iter()), Some("reader"));
    }
}
