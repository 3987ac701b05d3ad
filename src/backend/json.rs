//! The json target (spec section 8): one IAM policy document per file and a `manifest.json`.

use super::{BuildOptions, OutputFile, missing_diag};
use crate::aws::policy_json::write::{Missing, PolicyDocument, Resolver};
use crate::aws::values;
use crate::diag::Diag;
use crate::ir::aws::{Attachment, Entity, InlinePolicy, PolicyRef, Tag};
use crate::ir::{ParamValue, Program, Text};
use indexmap::IndexMap;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct Manifest {
    version: u32,
    partition: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    params: IndexMap<String, ManifestValue>,
    roles: Vec<EntityEntry>,
    policies: Vec<EntityEntry>,
    users: Vec<EntityEntry>,
    groups: Vec<EntityEntry>,
    instance_profiles: Vec<EntityEntry>,
    oidc_providers: Vec<EntityEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    saml_providers: Vec<EntityEntry>,
}

/// A param's value in the manifest: a string, or a list for a `List[T]` param.
#[derive(Serialize)]
#[serde(untagged)]
enum ManifestValue {
    One(String),
    List(Vec<String>),
}

impl From<&ParamValue> for ManifestValue {
    fn from(v: &ParamValue) -> Self {
        match v {
            ParamValue::One(s) => ManifestValue::One(s.clone()),
            ParamValue::List(vs) => ManifestValue::List(vs.clone()),
        }
    }
}

#[derive(Serialize, Default)]
struct EntityEntry {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    tags: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_session_seconds: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    boundary: Option<AttachmentEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trust: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    inline: Vec<InlineEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attachments: Option<Vec<AttachmentEntry>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    members: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    thumbprints: Option<Vec<String>>,
    /// A managed policy declared `@boundary` (meant only as a permissions boundary).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    boundary_only: bool,
    /// A SAML provider's metadata document, a file of the output.
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<String>,
}

#[derive(Serialize)]
struct InlineEntry {
    name: String,
    file: String,
}

#[derive(Serialize)]
#[serde(untagged)]
enum AttachmentEntry {
    Arn { arn: String },
    Policy { policy: String },
}

struct Emitter<'p> {
    r: Resolver<'p>,
    files: Vec<OutputFile>,
    missing: Vec<Missing>,
}

impl Emitter<'_> {
    fn text(&mut self, t: &Text) -> String {
        self.r.text(t).unwrap_or_else(|m| {
            if !self.missing.contains(&m) {
                self.missing.push(m);
            }
            String::new()
        })
    }

    fn doc(&mut self, path: String, d: &crate::ir::aws::Document) -> String {
        match self.r.document(d) {
            Ok(doc) => self.write(&path, &doc),
            Err(m) => {
                if !self.missing.contains(&m) {
                    self.missing.push(m);
                }
            }
        }
        path
    }

    fn write(&mut self, path: &str, doc: &PolicyDocument) {
        let mut bytes = serde_json::to_vec_pretty(doc).unwrap_or_default();
        bytes.push(b'\n');
        self.files.push(OutputFile {
            path: path.into(),
            contents: bytes,
        });
    }

    fn policy_ref(&mut self, p: &PolicyRef) -> AttachmentEntry {
        match p {
            PolicyRef::Local(id) => AttachmentEntry::Policy { policy: id.clone() },
            PolicyRef::Arn(t) => AttachmentEntry::Arn { arn: self.text(t) },
        }
    }

    fn attachments(&mut self, a: &[Attachment]) -> Option<Vec<AttachmentEntry>> {
        Some(a.iter().map(|a| self.policy_ref(&a.policy)).collect())
    }

    fn tags(&mut self, tags: &[Tag]) -> IndexMap<String, String> {
        tags.iter()
            .map(|t| (t.key.clone(), self.text(&t.value)))
            .collect()
    }

    fn inline(&mut self, ent: &Entity, inline: &[InlinePolicy]) -> Vec<InlineEntry> {
        inline
            .iter()
            .map(|i| InlineEntry {
                name: i.name.clone(),
                file: self.doc(document_file(ent, Some(&i.name)), &i.document),
            })
            .collect()
    }
}

/// Check `--param` values against the declared params.
/// The file of one of an entity's documents, relative to the output directory (spec section 8):
/// `inline` is the inline policy's name, `None` for a managed policy's document or a role's trust.
pub fn document_file(e: &Entity, inline: Option<&str>) -> String {
    let id = &e.common().id;
    match (e, inline) {
        (Entity::Policy(_), _) => format!("policies/{id}.json"),
        (Entity::Role(_), None) => format!("roles/{id}/trust.json"),
        (_, name) => format!(
            "{}/{id}/inline/{}.json",
            match e {
                Entity::User(_) => "users",
                Entity::Group(_) => "groups",
                _ => "roles",
            },
            name.unwrap_or_default()
        ),
    }
}

#[derive(Serialize)]
struct Location {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct SourceMapDoc {
    declaration: Option<Location>,
    statements: Vec<Option<Location>>,
}

#[derive(Serialize)]
struct SourceMap {
    version: u32,
    documents: IndexMap<String, SourceMapDoc>,
}

/// `source-map.json` (`build --source-map`): for every document file, where its declaration and
/// each of its statements (in output order) were written. Tools that report on the emitted JSON
/// (parliament, Access Analyzer) map their findings back to the `.iamx` source with it.
pub fn source_map(p: &Program, files: &crate::diag::SourceFiles) -> OutputFile {
    let loc = |span| {
        crate::diag::position(files, span).map(|(file, line, column, end_line, end_column)| {
            Location {
                file,
                line,
                column,
                end_line,
                end_column,
            }
        })
    };
    let mut documents = IndexMap::new();
    for e in &p.entities {
        for (inline, d) in e.documents() {
            documents.insert(
                document_file(e, inline),
                SourceMapDoc {
                    declaration: loc(e.common().span),
                    statements: d.statements.iter().map(|s| loc(s.span)).collect(),
                },
            );
        }
    }
    let mut contents = serde_json::to_vec_pretty(&SourceMap {
        version: 1,
        documents,
    })
    .unwrap_or_default();
    contents.push(b'\n');
    OutputFile {
        path: "source-map.json".into(),
        contents,
    }
}

/// The values of the params: defaults, then `--param` values (a list param's comma separated).
/// The values are checked by the CLI before ([`crate::cli`]); a name that is no param is ignored.
/// `iamx test` and `iamx diff` take the same values.
pub fn param_values(p: &Program, opts: &BuildOptions) -> HashMap<String, ParamValue> {
    let mut out: HashMap<String, ParamValue> = p
        .params
        .iter()
        .filter_map(|p| p.default.clone().map(|d| (p.name.clone(), d)))
        .collect();
    for (name, value) in &opts.params {
        let Some(param) = p.param(name) else {
            continue;
        };
        let v = if param.list {
            ParamValue::List(list_items(value).map(str::to_string).collect())
        } else {
            ParamValue::One(value.clone())
        };
        out.insert(name.clone(), v);
    }
    out
}

/// The items of a list param's value: `--param cidrs=10.0.0.0/8,192.168.0.0/16`.
pub fn list_items(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|v| !v.is_empty())
}

/// The checks that need the values of this build (the checker measured with param defaults and
/// placeholders): IAM's size quotas, and the characters IAM accepts, now that params and
/// `current.*` have their values.
fn build_checks(p: &Program, r: &Resolver) -> Vec<Diag> {
    let sizes = crate::aws::quota::sizes(p, r);
    let mut out: Vec<Diag> = crate::aws::quota::size_errors(p, &sizes)
        .iter()
        .map(|e| {
            e.to_diag().with_help(
                "measured with the values of this build (--param, --account, --region, --partition); split the document, or shorten what the values make long",
            )
        })
        .collect();
    for e in &p.entities {
        for (_, d) in e.documents() {
            let Ok(doc) = r.document(d) else { continue };
            let Ok(value) = serde_json::to_value(&doc) else {
                continue;
            };
            if let Some(ch) = first_bad_char(&value) {
                out.push(
                    values::policy_char_diag(ch, d.span)
                        .with_help("a value of this build (--param) holds it; IAM policy documents take tab, newline, carriage return and U+0020 to U+00FF"),
                );
            }
        }
    }
    out
}

/// The first character IAM refuses in any string of a rendered document.
fn first_bad_char(v: &serde_json::Value) -> Option<char> {
    match v {
        serde_json::Value::String(s) => values::policy_char_problem(s),
        serde_json::Value::Array(items) => items.iter().find_map(first_bad_char),
        serde_json::Value::Object(m) => m
            .iter()
            .find_map(|(k, v)| values::policy_char_problem(k).or_else(|| first_bad_char(v))),
        _ => None,
    }
}

impl Emitter<'_> {
    /// One entity's manifest entry, and its documents' files.
    fn entity(&mut self, ent: &Entity, m: &mut Manifest) {
        let c = ent.common();
        let mut entry = EntityEntry {
            id: c.id.clone(),
            name: self.text(&c.name),
            path: Some(c.path.clone()),
            description: c.description.as_ref().map(|d| self.text(d)),
            tags: self.tags(&c.tags),
            ..EntityEntry::default()
        };
        match ent {
            Entity::Policy(pol) => {
                entry.file = Some(self.doc(document_file(ent, None), &pol.document));
                entry.boundary_only = pol.boundary_only;
                m.policies.push(entry);
            }
            Entity::Role(r) => {
                entry.trust = Some(self.doc(document_file(ent, None), &r.trust));
                entry.inline = self.inline(ent, &r.inline);
                entry.max_session_seconds = r.max_session;
                entry.boundary = r.boundary.as_ref().map(|b| self.policy_ref(b));
                entry.attachments = self.attachments(&r.attachments);
                m.roles.push(entry);
            }
            Entity::User(u) => {
                entry.inline = self.inline(ent, &u.inline);
                entry.boundary = u.boundary.as_ref().map(|b| self.policy_ref(b));
                entry.attachments = self.attachments(&u.attachments);
                m.users.push(entry);
            }
            Entity::Group(g) => {
                entry.inline = self.inline(ent, &g.inline);
                entry.attachments = self.attachments(&g.attachments);
                entry.members = Some(g.members.clone());
                m.groups.push(entry);
            }
            Entity::InstanceProfile(i) => {
                entry.role = Some(i.role.clone());
                m.instance_profiles.push(entry);
            }
            Entity::OidcProvider(o) => {
                entry.path = None;
                entry.url = Some(o.url.clone());
                entry.client_ids = Some(o.client_ids.clone());
                entry.thumbprints = Some(o.thumbprints.clone());
                m.oidc_providers.push(entry);
            }
            Entity::SamlProvider(s) => {
                let file = format!("saml_providers/{}.xml", c.id);
                entry.path = None;
                self.files.push(OutputFile {
                    path: file.clone(),
                    contents: s.metadata.clone().into_bytes(),
                });
                entry.metadata = Some(file);
                m.saml_providers.push(entry);
            }
        }
    }
}

/// Emit the json target's files.
pub fn emit(p: &Program, opts: &BuildOptions) -> Result<Vec<OutputFile>, Vec<Diag>> {
    let params = param_values(p, opts);
    let partition = opts.partition.clone().unwrap_or_else(|| "aws".into());
    let mut e = Emitter {
        r: Resolver {
            program: p,
            params: params.clone(),
            account: opts.account.clone(),
            region: opts.region.clone(),
            partition: partition.clone(),
            placeholders: false,
            index: Default::default(),
        },
        files: Vec::new(),
        missing: Vec::new(),
    };
    let mut m = Manifest {
        version: 1,
        partition,
        account: opts.account.clone(),
        region: opts.region.clone(),
        params: p
            .params
            .iter()
            .filter_map(|x| params.get(&x.name).map(|v| (x.name.clone(), v.into())))
            .collect(),
        roles: vec![],
        policies: vec![],
        users: vec![],
        groups: vec![],
        instance_profiles: vec![],
        oidc_providers: vec![],
        saml_providers: vec![],
    };
    for ent in &p.entities {
        e.entity(ent, &mut m);
    }
    if !e.missing.is_empty() {
        return Err(e.missing.iter().map(missing_diag).collect());
    }
    let errors = build_checks(p, &e.r);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut manifest = serde_json::to_vec_pretty(&m).unwrap_or_default();
    manifest.push(b'\n');
    let mut files = vec![OutputFile {
        path: "manifest.json".into(),
        contents: manifest,
    }];
    files.extend(e.files);
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::compile_str;

    fn build(src: &str, opts: &BuildOptions) -> Result<Vec<OutputFile>, Vec<Diag>> {
        let c = compile_str("t.iamx", src);
        assert!(c.diags.is_empty(), "{:?}", c.diags);
        emit(c.program.as_ref().unwrap(), opts)
    }

    fn file(files: &[OutputFile], path: &str) -> serde_json::Value {
        let f = files.iter().find(|f| f.path == path).unwrap();
        serde_json::from_slice(&f.contents).unwrap()
    }

    #[test]
    fn references_and_params_resolve() {
        let src = r#"
            param env: String = "dev"
            role r { name = "app-${env}" path = "/a/" trust service "ec2.amazonaws.com" }
            user u { inline { allow sts:AssumeRole on r.arn } }
        "#;
        let opts = BuildOptions {
            account: Some("111122223333".into()),
            params: vec![("env".into(), "prod".into())],
            ..Default::default()
        };
        let files = build(src, &opts).unwrap();
        let doc = file(&files, "users/u/inline/u_policy.json");
        assert_eq!(
            doc["Statement"][0]["Resource"],
            "arn:aws:iam::111122223333:role/a/app-prod"
        );
        let m = file(&files, "manifest.json");
        assert_eq!(m["params"]["env"], "prod");
        assert_eq!(m["roles"][0]["name"], "app-prod");
    }

    #[test]
    fn one_value_is_a_string_several_a_list_and_policy_variables_survive() {
        let src = r#"policy p { allow s3:GetObject, s3:PutObject on "arn:aws:s3:::b/${aws:username}/*" when aws:SourceVpce in ["a"] }"#;
        let files = build(src, &BuildOptions::default()).unwrap();
        let doc = file(&files, "policies/p.json");
        let s = &doc["Statement"][0];
        assert_eq!(
            s["Action"],
            serde_json::json!(["s3:GetObject", "s3:PutObject"])
        );
        assert_eq!(s["Resource"], "arn:aws:s3:::b/${aws:username}/*");
        assert_eq!(s["Condition"]["StringEquals"]["aws:SourceVpce"], "a");
    }

    #[test]
    fn quotas_and_characters_are_checked_with_the_values_of_the_build() {
        // 6,100 characters with the default; far more with the value the build is given.
        let src = format!(
            "param prefix: String = \"p\"\npolicy big {{ allow s3:GetObject on {} }}",
            (0..100)
                .map(|i| format!("\"arn:aws:s3:::${{prefix}}-bucket-{i:03}/*\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        assert!(build(&src, &BuildOptions::default()).is_ok());
        let long = BuildOptions {
            params: vec![(
                "prefix".into(),
                "a-much-longer-prefix-for-every-bucket".into(),
            )],
            ..Default::default()
        };
        let errs = build(&src, &long).unwrap_err();
        assert_eq!(errs[0].code, "E0613", "{errs:?}");
        assert!(errs[0].message.contains("managed policy `big`"), "{errs:?}");
        let dash = BuildOptions {
            params: vec![("prefix".into(), "2026\u{2013}01".into())],
            ..Default::default()
        };
        let errs = build(&src, &dash).unwrap_err();
        assert_eq!(errs[0].code, "E0619", "{errs:?}");
    }

    #[test]
    fn missing_values_name_the_flag() {
        let src = r#"policy p { allow s3:ListBucket on "arn:aws:s3:::b-${current.account}" }"#;
        let errs = build(src, &BuildOptions::default()).unwrap_err();
        assert_eq!(errs[0].code, "E0702");
        assert!(errs[0].help.as_deref().unwrap_or("").contains("--account"));
    }
}
