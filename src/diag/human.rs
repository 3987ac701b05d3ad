//! The terminal renderer: each diagnostic is drawn by codespan from an excerpt of its source,
//! not the source itself. The excerpt holds only the lines the labels touch, with control,
//! bidirectional and invisible characters shown as `\u{..}` escapes (a source file cannot
//! retitle, clear or reorder the reader's terminal) and lines longer than [`MAX_LINE`] cut to a
//! window around each label (a one-line file of megabytes is never reprinted).

use super::{Diag, SourceFiles};
use codespan_reporting::diagnostic::{Diagnostic, Label as CsLabel, LabelStyle};
use codespan_reporting::files::{Error, Files, Location};
use codespan_reporting::term::{self, Config, termcolor::WriteColor};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

/// Lines longer than this (in bytes) are shown as windows around the labels.
pub const MAX_LINE: usize = 240;
/// Bytes kept on each side of a label boundary in a long line.
const CONTEXT: usize = 60;
/// Messages, labels and help lines are cut to this many characters.
pub const MAX_TEXT: usize = 400;

/// Characters never written raw to a terminal: C0 and C1 controls but the tab, DEL, the
/// bidirectional controls and the invisible separators.
pub fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t')
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{200b}'..='\u{200d}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
        )
}

fn push_escaped(out: &mut String, c: char) {
    if needs_escape(c) {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// Text for a terminal: escaped, and cut to `max` characters with `…`.
pub fn clean(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        push_escaped(&mut out, c);
    }
    out
}

/// Write diagnostics for a terminal, one at a time.
pub fn write_human(
    w: &mut dyn WriteColor,
    diags: &[Diag],
    files: &SourceFiles,
) -> std::io::Result<()> {
    let config = Config::default();
    for d in diags {
        let (excerpt, cs) = Excerpt::build(d, files);
        match term::emit_to_write_style(w, &config, &excerpt, &cs) {
            Ok(()) => {}
            Err(Error::Io(e)) => return Err(e),
            // An excerpt codespan cannot draw: the message alone still says what is wrong.
            Err(_) => {
                let word = match d.severity {
                    super::Severity::Error => "error",
                    super::Severity::Warning => "warning",
                    super::Severity::Note => "note",
                };
                writeln!(
                    w,
                    "{word}[{}]: {}\n",
                    cs.code.unwrap_or_default(),
                    cs.message
                )?;
            }
        }
    }
    Ok(())
}

/// The lines of one file a diagnostic shows.
struct View {
    name: String,
    src: String,
    /// Original line index → range of that line (with its newline) in `src`.
    lines: BTreeMap<usize, Range<usize>>,
    total_lines: usize,
    /// Offset in `src` of a label boundary → its location in the original file.
    locs: HashMap<usize, Location>,
}

struct Excerpt {
    views: Vec<(usize, View)>,
}

impl Excerpt {
    fn build(d: &Diag, files: &SourceFiles) -> (Excerpt, Diagnostic<usize>) {
        let labels: Vec<(LabelStyle, &super::Label)> = d
            .primary
            .iter()
            .map(|l| (LabelStyle::Primary, l))
            .chain(d.secondary.iter().map(|l| (LabelStyle::Secondary, l)))
            .collect();
        let mut by_file: BTreeMap<usize, Vec<Range<usize>>> = BTreeMap::new();
        for (_, l) in &labels {
            by_file.entry(l.span.file).or_default().push(l.span.range());
        }
        let mut views = Vec::new();
        let mut map: HashMap<(usize, usize), usize> = HashMap::new();
        for (file, spans) in by_file {
            if let Some((view, m)) = View::build(files, file, &spans) {
                map.extend(m.into_iter().map(|(o, s)| ((file, o), s)));
                views.push((file, view));
            }
        }
        let cs_labels = labels
            .iter()
            .filter_map(|(style, l)| {
                let f = l.span.file;
                let start = *map.get(&(f, l.span.start))?;
                let end = *map.get(&(f, l.span.end))?;
                Some(
                    CsLabel::new(*style, f, start..end.max(start))
                        .with_message(clean(&l.message, MAX_TEXT)),
                )
            })
            .collect();
        let base = match d.severity {
            super::Severity::Error => Diagnostic::error(),
            super::Severity::Warning => Diagnostic::warning(),
            super::Severity::Note => Diagnostic::note(),
        };
        let mut cs = base
            .with_code(clean(d.code.as_str(), MAX_TEXT))
            .with_message(clean(&d.message, MAX_TEXT))
            .with_labels(cs_labels);
        if let Some(h) = &d.help {
            cs = cs.with_notes(vec![format!("help: {}", clean(h, MAX_TEXT))]);
        }
        (Excerpt { views }, cs)
    }

    fn view(&self, id: usize) -> Result<&View, Error> {
        self.views
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, v)| v)
            .ok_or(Error::FileMissing)
    }
}

impl View {
    /// The excerpt of `file` for labels with these boundaries, and where each boundary went.
    fn build(
        files: &SourceFiles,
        file: usize,
        spans: &[Range<usize>],
    ) -> Option<(View, HashMap<usize, usize>)> {
        let orig: &str = files.source(file).ok()?;
        let total_lines = files.line_index(file, orig.len()).ok()? + 1;
        let line_of = |b: usize| files.line_index(file, b).unwrap_or(0);
        let bounds: BTreeSet<usize> = spans.iter().flat_map(|r| [r.start, r.end]).collect();
        // The lines codespan draws: each label's first and last line, and for labels over
        // several lines the context it shows after the start and before the end.
        let mut needed: BTreeSet<usize> = BTreeSet::new();
        for r in spans {
            let (a, b) = (line_of(r.start), line_of(r.end));
            needed.extend(a..=b.min(a + 3));
            needed.extend(b.saturating_sub(1).max(a)..=b);
        }
        let gaps: Vec<usize> = needed
            .iter()
            .filter(|i| needed.contains(&(**i + 2)))
            .map(|i| i + 1)
            .collect();
        needed.extend(gaps);
        let mut view = View {
            name: clean(&files.name(file).ok()?, MAX_TEXT),
            src: String::new(),
            lines: BTreeMap::new(),
            total_lines,
            locs: HashMap::new(),
        };
        let mut map = HashMap::new();
        for idx in needed.into_iter().filter(|i| *i < total_lines) {
            let range = files.line_range(file, idx).ok()?;
            let line = orig.get(range.clone())?;
            let content = line.trim_end_matches(['\n', '\r']);
            let here: Vec<usize> = bounds
                .range(range.start..=range.end)
                .copied()
                .filter(|b| line_of(*b) == idx)
                .collect();
            let start = view.src.len();
            view.push_line(content, range.start, &here, &mut map);
            view.src.push('\n');
            view.lines.insert(idx, start..view.src.len());
        }
        for b in bounds {
            if let (Some(s), Ok(loc)) = (map.get(&b), files.location(file, b)) {
                view.locs.insert(*s, loc);
            }
        }
        Some((view, map))
    }

    /// Append one line (escaped, long lines cut to windows around `bounds`), recording where
    /// each boundary lands.
    fn push_line(
        &mut self,
        content: &str,
        base: usize,
        bounds: &[usize],
        map: &mut HashMap<usize, usize>,
    ) {
        let len = content.len();
        let floor = |mut x: usize| {
            x = x.min(len);
            while !content.is_char_boundary(x) {
                x -= 1;
            }
            x
        };
        let windows: Vec<Range<usize>> = if len <= MAX_LINE {
            std::iter::once(0..len).collect()
        } else {
            let mut ws: Vec<Range<usize>> = Vec::new();
            for b in bounds {
                let o = b.saturating_sub(base).min(len);
                let w = floor(o.saturating_sub(CONTEXT))..floor(o + CONTEXT);
                match ws.last_mut() {
                    Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
                    _ => ws.push(w),
                }
            }
            ws
        };
        let mut at = 0;
        for w in &windows {
            if w.start > at {
                self.src.push('…');
            }
            for (off, c) in content.get(w.clone()).unwrap_or("").char_indices() {
                map.entry(base + w.start + off).or_insert(self.src.len());
                push_escaped(&mut self.src, c);
            }
            map.entry(base + w.end).or_insert(self.src.len());
            at = w.end;
        }
        if at < len {
            self.src.push('…');
        }
        // Boundaries past the text (on the line break) sit at its end.
        for b in bounds {
            map.entry(*b).or_insert(self.src.len());
        }
    }
}

impl<'a> Files<'a> for Excerpt {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.view(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.view(id)?.src)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, Error> {
        let v = self.view(id)?;
        Ok(v.lines
            .iter()
            .find(|(_, r)| r.contains(&byte_index))
            .or_else(|| v.lines.iter().next_back())
            .map_or(0, |(i, _)| *i))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        let v = self.view(id)?;
        match v.lines.get(&line_index) {
            Some(r) => Ok(r.clone()),
            // Lines inside a long label that codespan does not draw.
            None if line_index < v.total_lines => Ok(0..0),
            None => Err(Error::LineTooLarge {
                given: line_index,
                max: v.total_lines.saturating_sub(1),
            }),
        }
    }

    fn location(&'a self, id: usize, byte_index: usize) -> Result<Location, Error> {
        let v = self.view(id)?;
        v.locs
            .get(&byte_index)
            .copied()
            .ok_or(Error::IndexTooLarge {
                given: byte_index,
                max: v.src.len(),
            })
    }
}

/// The Unicode bidirectional formatting characters (Trojan Source, CVE-2021-42574): they reorder
/// how text is displayed, so code can read differently from what it does. The lexer refuses
/// them in sources; the renderers never print them raw.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
    )
}
