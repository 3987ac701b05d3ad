//! A typed HCL model and a printer whose output is `terraform fmt`-clean: two-space indentation,
//! and the `=` of consecutive single-line attributes aligned, as Terraform's formatter (hclwrite)
//! does. A line that opens a multi-line value, a block header, a comment or a blank line ends an
//! alignment run.

/// One part of a quoted template: literal text (escaped on output) or an interpolated expression.
#[derive(Clone, Debug, PartialEq)]
pub enum TPart {
    Lit(String),
    Interp(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A quoted string template; a template that is only one interpolation prints bare.
    Template(Vec<TPart>),
    /// A traversal or function call written as is (`aws_iam_role.task.arn`, `var.env`).
    Raw(String),
    Number(i64),
    Bool(bool),
    List(Vec<Expr>),
    Object(Vec<(String, Expr)>),
    /// A function call (`jsonencode({...})`).
    Call(String, Vec<Expr>),
}

impl Expr {
    pub fn str(s: impl Into<String>) -> Expr {
        Expr::Template(vec![TPart::Lit(s.into())])
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Structure {
    Attr(String, Expr),
    Block(Block),
    Comment(String),
    Blank,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub ident: String,
    pub labels: Vec<String>,
    pub body: Vec<Structure>,
}

impl Block {
    pub fn new(ident: &str, labels: &[&str]) -> Block {
        Block {
            ident: ident.into(),
            labels: labels.iter().map(|l| (*l).to_string()).collect(),
            body: vec![],
        }
    }

    pub fn attr(&mut self, name: &str, e: Expr) -> &mut Self {
        self.body.push(Structure::Attr(name.into(), e));
        self
    }

    pub fn block(&mut self, b: Block) -> &mut Self {
        self.body.push(Structure::Block(b));
        self
    }
}

/// Escape literal template text: `\`, `"`, control characters, and the `${` / `%{` sequences
/// HCL would interpolate.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A quoted template. Adjacent literals are joined before escaping, and a literal `$` right
/// before an interpolation is written `${"$"}`: `$${` would read as an escaped `${` and swallow
/// the interpolation (`"cost$${var.env}"` is the text `cost${var.env}`).
fn template(parts: &[TPart]) -> String {
    let mut s = String::from("\"");
    let mut lit = String::new();
    for p in parts {
        match p {
            TPart::Lit(l) => lit.push_str(l),
            TPart::Interp(x) => {
                let head = lit.trim_end_matches('$');
                let dollars = lit.len() - head.len();
                s.push_str(&escape(head));
                if dollars > 0 {
                    s.push_str(&format!("${{\"{}\"}}", "$".repeat(dollars)));
                }
                lit.clear();
                s.push_str("${");
                s.push_str(x);
                s.push('}');
            }
        }
    }
    s.push_str(&escape(&lit));
    s.push('"');
    s
}

fn is_identifier(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A printed line: its indentation, the text before `=` (for attributes), and the rest.
struct Line {
    indent: usize,
    lead: String,
    /// `Some(rhs)` for a single-line attribute (it takes part in alignment).
    assign: Option<String>,
}

struct Printer {
    lines: Vec<Line>,
}

impl Printer {
    fn plain(&mut self, indent: usize, text: String) {
        self.lines.push(Line {
            indent,
            lead: text,
            assign: None,
        });
    }

    fn single_line(e: &Expr) -> Option<String> {
        Some(match e {
            Expr::Template(parts) => match parts.as_slice() {
                [TPart::Interp(x)] => x.clone(),
                _ => template(parts),
            },
            Expr::Raw(r) => r.clone(),
            Expr::Number(n) => n.to_string(),
            Expr::Bool(b) => b.to_string(),
            Expr::List(items) => {
                let parts: Option<Vec<String>> = items.iter().map(Self::single_line).collect();
                let s = format!("[{}]", parts?.join(", "));
                if s.len() > 80 {
                    return None;
                }
                s
            }
            Expr::Object(entries) if entries.is_empty() => "{}".into(),
            Expr::Object(_) => return None,
            Expr::Call(name, args) => {
                let parts: Option<Vec<String>> = args.iter().map(Self::single_line).collect();
                format!("{name}({})", parts?.join(", "))
            }
        })
    }

    /// An object key: an identifier, a quoted string, or (written `(...)` by the caller) an
    /// expression.
    fn key(k: &str) -> String {
        if (k.starts_with('(') && k.ends_with(')')) || is_identifier(k) {
            k.to_string()
        } else {
            format!("\"{}\"", escape(k))
        }
    }

    /// An attribute or object entry `name = value` at `indent`.
    fn assign(&mut self, indent: usize, name: String, e: &Expr) {
        if let Some(v) = Self::single_line(e) {
            self.lines.push(Line {
                indent,
                lead: name,
                assign: Some(v),
            });
            return;
        }
        self.open(indent, format!("{name} = "), e, "");
    }

    /// A value over several lines: `lead` and its opening bracket on one line, its body one level
    /// deeper, its closing bracket and `trail` on the last line, as `terraform fmt` lays out
    /// `[jsonencode({` ... `})]`.
    fn open(&mut self, indent: usize, lead: String, e: &Expr, trail: &str) {
        match e {
            Expr::List(items)
                if items.len() == 1 && matches!(items.first(), Some(Expr::Call(..))) =>
            {
                if let Some(only) = items.first() {
                    self.open(indent, format!("{lead}["), only, &format!("]{trail}"));
                }
            }
            Expr::List(items) => {
                self.plain(indent, format!("{lead}["));
                for i in items {
                    match Self::single_line(i) {
                        Some(v) => self.plain(indent + 1, format!("{v},")),
                        None => self.open(indent + 1, String::new(), i, ","),
                    }
                }
                self.plain(indent, format!("]{trail}"));
            }
            Expr::Object(entries) => {
                self.plain(indent, format!("{lead}{{"));
                for (k, v) in entries {
                    self.assign(indent + 1, Self::key(k), v);
                }
                self.plain(indent, format!("}}{trail}"));
            }
            Expr::Call(name, args) if args.len() == 1 => {
                if let Some(arg) = args.first() {
                    self.open(indent, format!("{lead}{name}("), arg, &format!("){trail}"));
                }
            }
            other => {
                let v = Self::single_line(other).unwrap_or_else(|| "null".into());
                self.plain(indent, format!("{lead}{v}{trail}"));
            }
        }
    }

    fn body(&mut self, indent: usize, body: &[Structure]) {
        for s in body {
            match s {
                Structure::Attr(n, e) => self.assign(indent, n.clone(), e),
                Structure::Comment(c) => {
                    for l in c.lines() {
                        self.plain(indent, format!("# {l}"));
                    }
                }
                Structure::Blank => self.plain(0, String::new()),
                Structure::Block(b) => {
                    let mut head = b.ident.clone();
                    for l in &b.labels {
                        head.push_str(&format!(" \"{}\"", escape(l)));
                    }
                    if b.body.is_empty() {
                        self.plain(indent, format!("{head} {{}}"));
                    } else {
                        self.plain(indent, format!("{head} {{"));
                        self.body(indent + 1, &b.body);
                        self.plain(indent, "}".into());
                    }
                }
            }
        }
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "`s..i` are indices of `self.lines`, and `widths` has one entry per line"
    )]
    fn render(self) -> String {
        let mut widths = vec![0usize; self.lines.len()];
        let mut start = None;
        for i in 0..=self.lines.len() {
            let in_run = self.lines.get(i).is_some_and(|l| l.assign.is_some());
            match (in_run, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let w = self.lines[s..i]
                        .iter()
                        .map(|l| l.indent * 2 + l.lead.chars().count())
                        .max()
                        .unwrap_or(0);
                    widths[s..i].iter_mut().for_each(|x| *x = w);
                    start = None;
                }
                _ => {}
            }
        }
        let mut out = String::new();
        for (l, w) in self.lines.iter().zip(widths) {
            if l.lead.is_empty() && l.assign.is_none() {
                out.push('\n');
                continue;
            }
            out.push_str(&"  ".repeat(l.indent));
            out.push_str(&l.lead);
            if let Some(rhs) = &l.assign {
                let pad = w - (l.indent * 2 + l.lead.chars().count());
                out.push_str(&" ".repeat(pad + 1));
                out.push_str("= ");
                out.push_str(rhs);
            }
            out.push('\n');
        }
        out
    }
}

/// An expression on one line (a multi-line value prints as `null`; callers pass strings).
pub fn single_line(e: &Expr) -> String {
    Printer::single_line(e).unwrap_or_else(|| "null".into())
}

/// Print a file: top-level structures separated as given.
pub fn print(body: &[Structure]) -> String {
    let mut p = Printer { lines: vec![] };
    p.body(0, body);
    p.render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_like_terraform_fmt() {
        let mut b = Block::new("resource", &["aws_iam_role", "task"]);
        b.attr("name", Expr::str("task"))
            .attr("max_session_duration", Expr::Number(3600))
            .attr(
                "tags",
                Expr::Object(vec![
                    ("team".into(), Expr::str("data")),
                    ("cost-center".into(), Expr::str("1")),
                ]),
            )
            .attr("path", Expr::str("/"));
        let out = print(&[Structure::Block(b)]);
        assert_eq!(
            out,
            "resource \"aws_iam_role\" \"task\" {\n  name                 = \"task\"\n  max_session_duration = 3600\n  tags = {\n    team          = \"data\"\n    \"cost-center\" = \"1\"\n  }\n  path = \"/\"\n}\n"
        );
    }

    #[test]
    fn escapes_templates_and_policy_variables() {
        assert_eq!(
            escape("a\"b\\c ${aws:username} %{x} $5"),
            "a\\\"b\\\\c $${aws:username} %%{x} $5"
        );
        let e = Expr::Template(vec![
            TPart::Lit("arn:".into()),
            TPart::Interp("var.p".into()),
        ]);
        assert_eq!(Printer::single_line(&e).unwrap(), "\"arn:${var.p}\"");
        // A literal `$` before an interpolation, and literals split around a `${`.
        let e = Expr::Template(vec![
            TPart::Lit("cost$$".into()),
            TPart::Interp("var.env".into()),
            TPart::Lit("$".into()),
            TPart::Lit("{x}$".into()),
        ]);
        assert_eq!(
            Printer::single_line(&e).unwrap(),
            "\"cost${\"$$\"}${var.env}$${x}$\""
        );
        let bare = Expr::Template(vec![TPart::Interp("aws_iam_role.x.arn".into())]);
        assert_eq!(Printer::single_line(&bare).unwrap(), "aws_iam_role.x.arn");
    }
}
