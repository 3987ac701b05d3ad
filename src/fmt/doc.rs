//! The formatter's document printer (stage: formatting; uses only std): a Wadler-style document
//! of text, line breaks, indentation and groups, printed to a width.
//!
//! A [`Doc::Group`] prints on one line when all of it fits in what is left of the line, and
//! otherwise breaks every [`Doc::Line`] directly inside it; a group holding a forced break (a
//! hard line, a comment on its own line, a `//` comment that ends a line) always breaks. A
//! [`Doc::Fill`] breaks between its items only where the next item would not fit. Comments that
//! end a line are [`Doc::LineSuffix`]es: they wait for the next line break. The printer is
//! iterative (no recursion on the document's depth) and its fit checks stop after one line's
//! width, so printing takes time linear in the document.

/// A document: what to print and where it may break.
#[derive(Debug)]
pub enum Doc<'a> {
    Nil,
    /// Text without a line break.
    Text(&'a str),
    /// Text that holds line breaks (a multi-line block comment), printed as written.
    Verbatim(&'a str),
    /// A space, or a line break when the enclosing group breaks.
    Line,
    /// Nothing, or a line break when the enclosing group breaks.
    SoftLine,
    /// Always a line break.
    HardLine,
    /// A line break unless the line printed so far is empty.
    LineStart,
    /// An empty line: line breaks until one empty line precedes what follows.
    BlankLine,
    /// Printed only when the enclosing group breaks (the trailing comma of a broken list).
    IfBreak(&'a str),
    /// A `//` comment: printed, after a space, at the end of the current line.
    LineSuffix(&'a str),
    /// A `/* */` comment before code: then a space, or a line break when it starts its line
    /// (where the next run reads it as a comment on a line of its own).
    Comment(&'a str),
    /// Line breaks inside are indented this much more.
    Nest(usize, Box<Doc<'a>>),
    /// Line breaks inside are indented to the column where this starts.
    Align(Box<Doc<'a>>),
    Group(Box<Doc<'a>>, bool),
    /// Items, each separated from the next by `Line`, breaking only where needed.
    Fill(Vec<Doc<'a>>, bool),
    Concat(Vec<Doc<'a>>, bool),
}

impl<'a> Doc<'a> {
    /// Whether the document holds a forced line break, so no group around it can be flat.
    pub fn is_hard(&self) -> bool {
        match self {
            Doc::Verbatim(_)
            | Doc::HardLine
            | Doc::LineStart
            | Doc::BlankLine
            | Doc::LineSuffix(_) => true,
            Doc::Comment(t) => t.contains('\n'),
            Doc::Nil | Doc::Text(_) | Doc::Line | Doc::SoftLine | Doc::IfBreak(_) => false,
            Doc::Nest(_, d) | Doc::Align(d) => d.is_hard(),
            Doc::Group(_, hard) | Doc::Fill(_, hard) | Doc::Concat(_, hard) => *hard,
        }
    }

    /// The parts in a row (empty parts left out, a single part as it is).
    pub fn concat(mut parts: Vec<Doc<'a>>) -> Doc<'a> {
        parts.retain(|d| !matches!(d, Doc::Nil));
        if parts.len() <= 1 {
            return parts.pop().unwrap_or(Doc::Nil);
        }
        let hard = parts.iter().any(Doc::is_hard);
        Doc::Concat(parts, hard)
    }

    pub fn group(self) -> Doc<'a> {
        let hard = self.is_hard();
        Doc::Group(Box::new(self), hard)
    }

    pub fn nest(self, by: usize) -> Doc<'a> {
        Doc::Nest(by, Box::new(self))
    }

    pub fn align(self) -> Doc<'a> {
        Doc::Align(Box::new(self))
    }

    pub fn fill(items: Vec<Doc<'a>>) -> Doc<'a> {
        let hard = items.iter().any(Doc::is_hard);
        Doc::Fill(items, hard)
    }
}

/// Adding to a list of documents, leaving out empty ones.
pub trait Add<'a> {
    fn add(&mut self, d: Doc<'a>);
}

impl<'a> Add<'a> for Vec<Doc<'a>> {
    fn add(&mut self, d: Doc<'a>) {
        if !matches!(d, Doc::Nil) {
            self.push(d);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Flat,
    Break,
}

/// What the printer does next: print a document, or continue a fill at an item.
#[derive(Clone, Copy)]
enum Cmd<'d, 'a> {
    Doc(usize, Mode, &'d Doc<'a>),
    /// The parts of a concatenation from part `.3` on (one command however many parts: the
    /// stack stays as deep as the document, not as long).
    Seq(usize, Mode, &'d [Doc<'a>], usize),
    /// A flat fill from item `.2` on, a space before each item but the first.
    FlatFill(usize, &'d [Doc<'a>], usize),
    /// The rest of a fill from item `.2` on, its separator still to print.
    FillRest(usize, &'d [Doc<'a>], usize),
}

impl<'d, 'a> Cmd<'d, 'a> {
    /// Step a sequence: push what remains of it, then its next element; `None` when `self` is
    /// no sequence.
    fn step(self, stack: &mut Vec<Cmd<'d, 'a>>) -> Option<()> {
        match self {
            Cmd::Seq(indent, mode, parts, at) => {
                if let Some(d) = parts.get(at) {
                    stack.push(Cmd::Seq(indent, mode, parts, at + 1));
                    stack.push(Cmd::Doc(indent, mode, d));
                }
                Some(())
            }
            Cmd::FlatFill(indent, items, at) => {
                if let Some(d) = items.get(at) {
                    stack.push(Cmd::FlatFill(indent, items, at + 1));
                    stack.push(Cmd::Doc(indent, Mode::Flat, d));
                    if at > 0 {
                        stack.push(Cmd::Doc(indent, Mode::Flat, &Doc::Line));
                    }
                }
                Some(())
            }
            Cmd::Doc(..) | Cmd::FillRest(..) => None,
        }
    }
}

/// Prints documents one after another into one text.
pub struct Printer<'a> {
    out: String,
    width: usize,
    /// Characters on the current line.
    col: usize,
    /// `//` comments waiting for the end of the line.
    suffix: Option<&'a str>,
}

impl<'a> Printer<'a> {
    pub fn new(width: usize) -> Printer<'a> {
        Printer {
            out: String::new(),
            width,
            col: 0,
            suffix: None,
        }
    }

    /// Print `doc` after what is printed so far, as if the documents were one.
    pub fn print(&mut self, doc: &Doc<'a>) {
        let mut stack = vec![Cmd::Doc(0, Mode::Break, doc)];
        while let Some(cmd) = stack.pop() {
            match cmd {
                Cmd::Doc(indent, mode, doc) => self.doc(indent, mode, doc, &mut stack),
                Cmd::FillRest(indent, items, at) => self.fill_rest(indent, items, at, &mut stack),
                seq => {
                    let _ = seq.step(&mut stack);
                }
            }
        }
    }

    /// The text, ending in one line break (empty when nothing was printed).
    pub fn finish(mut self) -> String {
        self.flush_suffix();
        let trimmed = self.out.trim_end_matches([' ', '\n']).len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    fn doc<'d>(
        &mut self,
        indent: usize,
        mode: Mode,
        doc: &'d Doc<'a>,
        stack: &mut Vec<Cmd<'d, 'a>>,
    ) {
        match doc {
            Doc::Nil => {}
            Doc::Text(t) => self.text(t),
            Doc::Verbatim(t) => self.verbatim(t),
            Doc::Comment(t) => {
                let alone = self.line_is_empty();
                // Never glued to code: `a/*` or `s3:Get//` would lex as one name.
                if !alone && !self.out.ends_with(' ') {
                    self.text(" ");
                }
                self.verbatim(t);
                if alone {
                    self.newlines(1, indent);
                } else {
                    self.text(" ");
                }
            }
            Doc::Line | Doc::SoftLine if mode == Mode::Break => self.newlines(1, indent),
            Doc::Line => self.text(" "),
            Doc::SoftLine => {}
            Doc::HardLine => self.newlines(1, indent),
            Doc::LineStart => {
                if !self.line_is_empty() {
                    self.newlines(1, indent);
                }
            }
            Doc::BlankLine => self.newlines(2, indent),
            Doc::IfBreak(t) => {
                if mode == Mode::Break {
                    self.text(t);
                }
            }
            Doc::LineSuffix(t) => {
                if self.suffix.is_some() {
                    // Two `//` comments on one line would become one: break between them.
                    self.newlines(1, indent);
                }
                self.suffix = Some(t);
            }
            Doc::Nest(by, d) => stack.push(Cmd::Doc(indent + by, mode, d)),
            Doc::Align(d) => stack.push(Cmd::Doc(self.col.max(indent), mode, d)),
            Doc::Group(d, hard) => {
                let flat = mode == Mode::Flat
                    || (!*hard
                        && self.suffix.is_none()
                        && self.fits(Cmd::Doc(indent, Mode::Flat, d), stack));
                let mode = if flat { Mode::Flat } else { Mode::Break };
                stack.push(Cmd::Doc(indent, mode, d));
            }
            Doc::Fill(items, _) if mode == Mode::Flat => {
                stack.push(Cmd::FlatFill(indent, items, 0));
            }
            Doc::Fill(items, _) => {
                if let Some(first) = items.first() {
                    stack.push(Cmd::FillRest(indent, items, 1));
                    let m = self.item_mode(indent, first);
                    stack.push(Cmd::Doc(indent, m, first));
                }
            }
            Doc::Concat(parts, _) => stack.push(Cmd::Seq(indent, mode, parts, 0)),
        }
    }

    /// Continue a broken fill at item `at`: a space when the item fits on this line, else a
    /// line break.
    fn fill_rest<'d>(
        &mut self,
        indent: usize,
        items: &'d [Doc<'a>],
        at: usize,
        stack: &mut Vec<Cmd<'d, 'a>>,
    ) {
        let Some(item) = items.get(at) else { return };
        stack.push(Cmd::FillRest(indent, items, at + 1));
        let fits = self.suffix.is_none()
            && !item.is_hard()
            && self.fits_alone(&[Cmd::Doc(indent, Mode::Flat, item)], 1);
        if fits {
            stack.push(Cmd::Doc(indent, Mode::Flat, item));
            self.text(" ");
        } else {
            self.newlines(1, indent);
            let m = self.item_mode(indent, item);
            stack.push(Cmd::Doc(indent, m, item));
        }
    }

    fn item_mode(&self, indent: usize, item: &Doc<'a>) -> Mode {
        if !item.is_hard() && self.fits_alone(&[Cmd::Doc(indent, Mode::Flat, item)], 0) {
            Mode::Flat
        } else {
            Mode::Break
        }
    }

    /// Text that may hold line breaks.
    fn verbatim(&mut self, t: &str) {
        self.out.push_str(t);
        match t.rsplit_once('\n') {
            Some((_, last)) => self.col = last.chars().count(),
            None => self.col += t.chars().count(),
        }
    }

    fn text(&mut self, t: &str) {
        self.out.push_str(t);
        self.col += t.chars().count();
    }

    /// Nothing but indentation on the current line, and no `//` comment waiting for its end.
    fn line_is_empty(&self) -> bool {
        let text = self.out.trim_end_matches(' ');
        self.suffix.is_none() && (text.ends_with('\n') || text.is_empty())
    }

    fn flush_suffix(&mut self) {
        if let Some(s) = self.suffix.take() {
            if !self.line_is_empty() {
                self.out.push(' ');
            }
            self.out.push_str(s);
        }
    }

    /// End the line (after its pending comment) so that at least `n` line breaks precede the
    /// next text (none at the start of the output), then indent.
    fn newlines(&mut self, n: usize, indent: usize) {
        self.flush_suffix();
        let trimmed = self.out.trim_end_matches(' ').len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() {
            let have = self.out.len() - self.out.trim_end_matches('\n').len();
            for _ in have..n {
                self.out.push('\n');
            }
        }
        for _ in 0..indent {
            self.out.push(' ');
        }
        self.col = indent;
    }

    /// Whether `first`, flat, then what follows on the stack, fit before the line ends.
    fn fits(&self, first: Cmd<'_, 'a>, rest: &[Cmd<'_, 'a>]) -> bool {
        self.fits_with(&[first], rest, 0)
    }

    /// Whether these commands alone (nothing after them) fit after `extra` more columns.
    fn fits_alone(&self, cmds: &[Cmd<'_, 'a>], extra: usize) -> bool {
        self.fits_with(cmds, &[], extra)
    }

    fn fits_with(&self, cmds: &[Cmd<'_, 'a>], rest: &[Cmd<'_, 'a>], extra: usize) -> bool {
        let Some(mut left) = self.width.checked_sub(self.col + extra) else {
            return false;
        };
        let mut stack: Vec<Cmd<'_, 'a>> = cmds.iter().rev().copied().collect();
        let mut rest = rest.iter().rev();
        loop {
            let cmd = match stack.pop() {
                Some(c) => c,
                None => match rest.next() {
                    Some(c) => *c,
                    None => return true,
                },
            };
            let (mode, doc) = match cmd {
                Cmd::Doc(_, mode, doc) => (mode, doc),
                // A broken fill continues on this line only when its next item fits; count it
                // as the end of the line (the item gets its own check).
                Cmd::FillRest(_, items, at) if at < items.len() => return true,
                Cmd::FillRest(..) => continue,
                seq => {
                    let _ = seq.step(&mut stack);
                    continue;
                }
            };
            let width = match doc {
                Doc::Nil | Doc::SoftLine if mode == Mode::Flat => 0,
                Doc::Text(t) => t.chars().count(),
                Doc::Comment(t) if t.contains('\n') => return false,
                Doc::Comment(t) => t.chars().count() + 1,
                Doc::IfBreak(t) if mode == Mode::Break => t.chars().count(),
                Doc::IfBreak(_) | Doc::LineSuffix(_) | Doc::Nil => 0,
                Doc::Line if mode == Mode::Flat => 1,
                Doc::Line | Doc::SoftLine | Doc::HardLine | Doc::LineStart | Doc::BlankLine => {
                    return true;
                }
                Doc::Verbatim(_) => return false,
                Doc::Nest(_, d) | Doc::Align(d) => {
                    stack.push(Cmd::Doc(0, mode, d));
                    0
                }
                Doc::Group(d, hard) => {
                    let m = if *hard { Mode::Break } else { mode };
                    stack.push(Cmd::Doc(0, m, d));
                    0
                }
                // A flat fill: its items with a space between them; a broken one: its first
                // item, then it may break.
                Doc::Fill(items, _) if mode == Mode::Flat => {
                    stack.push(Cmd::FlatFill(0, items, 0));
                    0
                }
                Doc::Fill(items, _) => {
                    stack.push(Cmd::FillRest(0, items, 1));
                    if let Some(first) = items.first() {
                        stack.push(Cmd::Doc(0, mode, first));
                    }
                    0
                }
                Doc::Concat(parts, _) => {
                    stack.push(Cmd::Seq(0, mode, parts, 0));
                    0
                }
            };
            match left.checked_sub(width) {
                Some(l) => left = l,
                None => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(doc: &Doc<'_>, width: usize) -> String {
        let mut p = Printer::new(width);
        p.print(doc);
        p.finish()
    }

    fn list<'a>(items: &[&'a str]) -> Doc<'a> {
        let mut inner = vec![Doc::SoftLine];
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                inner.push(Doc::Text(","));
                inner.push(Doc::Line);
            }
            inner.push(Doc::Text(it));
        }
        inner.push(Doc::IfBreak(","));
        Doc::concat(vec![
            Doc::Text("["),
            Doc::concat(inner).nest(2),
            Doc::SoftLine,
            Doc::Text("]"),
        ])
        .group()
    }

    #[test]
    fn a_group_breaks_only_when_it_does_not_fit() {
        let d = list(&["a", "b", "c"]);
        assert_eq!(print(&d, 20), "[a, b, c]\n");
        assert_eq!(print(&d, 5), "[\n  a,\n  b,\n  c,\n]\n");
    }

    #[test]
    fn a_fill_breaks_where_the_next_item_does_not_fit() {
        let items = ["aaa,", "bbb,", "ccc,", "ddd"]
            .map(Doc::Text)
            .into_iter()
            .collect();
        let d = Doc::concat(vec![Doc::Text("allow "), Doc::fill(items).align()]);
        assert_eq!(print(&d, 16), "allow aaa, bbb,\n      ccc, ddd\n");
    }

    #[test]
    fn line_comments_wait_for_the_end_of_the_line_and_never_share_one() {
        let d = Doc::concat(vec![
            Doc::Text("a"),
            Doc::LineSuffix("// x"),
            Doc::Text(","),
            Doc::LineSuffix("// y"),
            Doc::Text("b"),
            Doc::HardLine,
            Doc::Text("c"),
        ]);
        assert_eq!(print(&d, 80), "a, // x\nb // y\nc\n");
    }

    #[test]
    fn blank_lines_collapse_and_trailing_spaces_go() {
        let d = Doc::concat(vec![
            Doc::BlankLine,
            Doc::Text("a "),
            Doc::BlankLine,
            Doc::BlankLine,
            Doc::LineStart,
            Doc::Text("b"),
            Doc::BlankLine,
        ]);
        assert_eq!(print(&d, 80), "a\n\nb\n");
    }
}
