//! The prefixes of a source that the "every prefix" tests (tests/it/lsp.rs, tests/it/fmt.rs) feed
//! to the language server and the formatter, standing for a document being typed.
//!
//! Not every byte offset: the characters of a source fall in classes (name characters, blanks,
//! line ends, non-ASCII characters, and each ASCII punctuation character a class of its own),
//! and a prefix that ends inside a run of one class is lexed, parsed and answered as the
//! prefix that ends where the run ends, but for which name, number or piece of text it cuts.
//! So the kept prefixes are those ending at every class change (between any two tokens, after
//! each keyword, operator and bracket, at each `:`, `/`, `*`, `${` and `}` inside strings and
//! ARNs, at the start and end of every comment, string and blank run, after every line end),
//! plus the one ending a character before the end of each name run, where a keyword cut short
//! (`rol`, `allo`, `whe`) becomes a plain name and an action or key name is half typed
//! (`s3:GetObjec`). That is every position class of every source at every place it occurs,
//! at about half the offsets (24,000 of 50,000 in examples/ and stdlib/ in November 2026).

/// The class of a character, as above.
fn class(c: char) -> u32 {
    match c {
        c if c.is_ascii_alphanumeric() || c == '_' => 0x1_0000,
        ' ' | '\t' => 0x1_0001,
        '\n' | '\r' => 0x1_0002,
        c if c.is_ascii() => u32::from(c),
        _ => 0x1_0003,
    }
}

/// The byte offsets (all char boundaries, below `src.len()`) of the prefixes to try, in order.
pub fn prefixes(src: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let mut out = Vec::new();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(k + 1).map(|n| n.1);
        let at_change = prev.is_none_or(|p| class(p) != class(c));
        // `c` is the last character of a name run of two or more: the prefix before it.
        let cut_name = class(c) == 0x1_0000
            && prev.is_some_and(|p| class(p) == 0x1_0000)
            && next.is_none_or(|n| class(n) != 0x1_0000);
        if at_change || cut_name {
            out.push(i);
        }
    }
    out
}

#[test]
fn the_prefixes_of_a_line() {
    let src = "role r {\n  allow s3:Get on \"a/${x}\"\n}";
    let cut: Vec<&str> = prefixes(src).into_iter().map(|i| &src[..i]).collect();
    for p in [
        "",
        "rol",
        "role",
        "role ",
        "role r {\n  ",
        "role r {\n  allow s3:Ge",
    ] {
        assert!(cut.contains(&p), "{p:?} in {cut:?}");
    }
    assert!(cut.contains(&"role r {\n  allow s3:Get on \"a/$"));
    assert!(!cut.contains(&"ro"));
}
