//! Diagnostics (used by every stage, uses nothing but the source model): the one registry of
//! error codes and lints. Each entry gives its typed identity ([`ErrorCode`], [`Lint`]), its
//! title or summary and the explanation `iamx explain` prints; the SARIF rules and
//! `docs/diagnostics.md` are generated from it (a test keeps the file in step).

/// An error code's entry.
pub struct CodeEntry {
    pub code: ErrorCode,
    pub title: &'static str,
    pub text: &'static str,
}

/// A lint's entry.
pub struct LintEntry {
    pub lint: Lint,
    pub name: &'static str,
    /// `false` for names the spec reserves that never fire yet.
    pub implemented: bool,
    pub summary: &'static str,
    pub text: &'static str,
}

/// Each error code: its identity, title and explanation.
macro_rules! error_codes {
    ($($code:ident $title:literal $text:literal)*) => {
        /// An error code (`E0301`): one code, one kind of error, one entry in [`CODES`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ErrorCode {
            $(#[doc = $title] $code,)*
        }
        /// Every error code, in the order `iamx explain` and the docs list them.
        pub static CODES: &[CodeEntry] = &[$(CodeEntry { code: ErrorCode::$code, title: $title, text: $text },)*];
        impl ErrorCode {
            /// The code as written (`E0301`).
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$code => stringify!($code),)* }
            }
        }
    };
}

/// Each lint: its identity, name, status, summary and explanation.
macro_rules! lints {
    ($($lint:ident $name:literal $implemented:literal $summary:literal $text:literal)*) => {
        /// A lint: a named warning over the IR (`@allow(NAME)`, `--deny NAME`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Lint {
            $(#[doc = $summary] $lint,)*
        }
        /// Every lint, in the order `iamx explain` and the docs list them.
        pub static LINTS: &[LintEntry] = &[$(LintEntry { lint: Lint::$lint, name: $name, implemented: $implemented, summary: $summary, text: $text },)*];
        impl Lint {
            /// The lint's name (`wildcard_resource`).
            pub fn name(self) -> &'static str {
                match self { $(Lint::$lint => $name,)* }
            }
        }
    };
}

error_codes! {
    E0101
        "unexpected character"
        "The lexer met a character that starts no token, such as `~` or `#`. Comments are `//` and `/* */`; strings use double quotes."
    E0102
        "unterminated string"
        "A string has no closing `\"` on its line. Strings cannot span lines; use `\\n` for a newline."
    E0103
        "unterminated block comment"
        "A `/*` comment has no closing `*/`."
    E0104
        "invalid escape"
        "Strings know the escapes `\\\"`, `\\\\`, `\\n`, `\\t`, `\\$` and `\\u{HEX}`."
    E0105
        "invalid interpolation"
        "`${name}` or `${name.attr}` interpolates an iamx binding; anything with a colon (`${aws:username}`) or one of `${*}`, `${?}`, `${$}` is an IAM policy variable and is kept for IAM. Anything else inside `${...}` is an error, and so is a `${` without its `}`. Write `\\${` for a literal `${`."
    E0106
        "number too large"
        "Integers and durations must fit in 64 bits."
    E0107
        "text direction control character"
        "The source contains a Unicode bidirectional formatting character (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C). Inside a string or comment it makes the line display in an order different from what the compiler reads (\"Trojan Source\", CVE-2021-42574), so a reviewer can approve an ARN or condition that is not what it looks like. It is an error wherever it appears, as rustc denies `text_direction_codepoint_in_literal` and `text_direction_codepoint_in_comment` by default; write a `\\u{...}` escape when the character is really meant."
    E0108
        "identifier too long"
        "Identifiers are at most 128 characters. Declaration names become output file names (`roles/ID/...`), Terraform labels and CloudFormation logical ids, which file systems and CloudFormation limit; an IAM name of its own is set with `name = \"...\"`."
    E0201
        "unexpected token"
        "The parser met a token where the grammar does not allow it. The message lists what could come there. Parsing resumes at the next statement or declaration, so later errors are still reported."
    E0202
        "unexpected end of file"
        "The file ends inside a declaration; usually a `}` is missing."
    E0203
        "unexpected token after the module"
        "Something follows the last complete declaration that starts none."
    E0204
        "nesting too deep"
        "Brackets, parentheses and braces may nest at most 128 deep; deeper input is refused rather than risking the compiler's stack."
    E0301
        "undefined name"
        "A name is used that no declaration, parameter or import defines. Declarations are module-scoped and order-independent; names from another module are reached through its `use` alias (`logging.NAME`)."
    E0302
        "duplicate name"
        "Two declarations of one module share a name. Names are unique per module, whatever their kind."
    E0303
        "wrong kind of declaration"
        "A name is used where a different kind of declaration is expected, for example a user where `trust role` needs a role, or a role where `attach` needs a policy."
    E0304
        "module not found"
        "A `use \"./path.iamx\" as name` could not be read: it does not exist, is a directory or not a regular file, or is larger than 8 MiB. Paths are relative to the importing file."
    E0305
        "import cycle"
        "Modules import each other in a cycle; the message shows the chain. Move what both need into a third module."
    E0306
        "unknown standard module"
        "`use std.aws.NAME` names a module iamx does not ship. The standard modules are `std.aws.arn` and `std.aws.ecs`."
    E0307
        "unknown attribute"
        "Roles, users, groups, policies and instance profiles have `.arn` and `.name`; OIDC providers have `.arn` and `.issuer` (the URL without `https://`, the prefix of their condition keys); `current` has `.account`, `.region` and `.partition`."
    E0308
        "import outside the project"
        "A `use \"PATH\"` may only read `.iamx` files inside the project root: the directory holding every file named on the command line, or the directory given with `--root`. Absolute paths, paths whose `..` climb out of the root, and symbolic links that lead out of it are refused before anything is read, so a source file cannot make iamx read (and quote) other files of the machine. Paths are resolved as text against the importing file's directory (`a/b/../c` is `a/c` whether or not `a/b` is a link); see docs/security.md."
    E0309
        "recursion"
        "A let, fn or template uses itself, directly or through others; the message names the cycle (`t → u → t`). Recursion is found before anything is evaluated, so a recursive template or fn is never expanded. Also: fn calls or template includes nested more than 64 deep. Chains of lets have no depth limit and may be declared in any order."
    E0310
        "import of a file that is not a module"
        "`use \"PATH\"` names a file whose name does not end in `.iamx`. iamx never reads such files, so their content never appears in a diagnostic."
    E0311
        "imports nested too deep"
        "A chain of modules, each importing the next, is more than 64 modules deep. Import what you need directly."
    E0312
        "evaluation too large"
        "A value is larger than a million units (list items, text parts, 16-byte pieces of text), a template include produces more than 10,000 statements, or the whole program builds more than ten million units plus one per byte of source. This happens when lets, lists, fns or templates each use the previous one twice, doubling at every step; no IAM document comes near these limits. Calls and includes with the same arguments are computed once, so only what is really built counts."
    E0401
        "type mismatch"
        "A value of one type is used where another is expected: a list where a string goes, a declaration where an ARN goes (write `X.arn`), a string where a duration goes."
    E0402
        "invalid account id"
        "AWS account ids are exactly 12 digits. Write them as strings (`\"111122223333\"`) so leading zeros survive."
    E0403
        "invalid region"
        "Regions look like `us-east-1`, `eu-west-3` or `us-gov-west-1`."
    E0404
        "invalid ARN"
        "An ARN has six colon-separated fields: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`. Interpolated parts count as one field; a param of type `Arn` or another declaration's `.arn` counts as a whole ARN."
    E0405
        "invalid CIDR"
        "IP conditions and `Cidr` values take an IPv4 or IPv6 address or block, such as `10.0.0.0/16` or `2001:db8::/32`."
    E0406
        "invalid date"
        "Date conditions and `Date` values take ISO 8601 (`2026-01-31`, `2026-01-31T12:00:00Z`) or epoch seconds."
    E0407
        "value out of range"
        "A number is outside what IAM accepts, e.g. `max_session` must be between 1h and 12h, a resource takes at most 50 tags."
    E0408
        "wrong number of arguments"
        "A fn or template is called with more or fewer arguments than it declares."
    E0409
        "unknown type"
        "The types are String, Int, Bool, Duration, AccountId, Region, Arn, Cidr, Date, Action, List[T], Map[T] and the declaration kinds Role, Policy, User, Group, InstanceProfile, OidcProvider, SamlProvider. A param takes a scalar type or `List[T]` of one."
    E0410
        "unknown property"
        "A declaration sets a property its kind does not have. role: name, path, description, max_session, tags, boundary. policy: name, path, description, tags. user: name, path, tags, boundary. group: name, path, members. instance_profile: name, path, role, tags. oidc_provider: url, client_ids, thumbprints, tags. saml_provider: name, metadata, tags."
    E0411
        "missing required part"
        "A role needs at least one `trust` clause (IAM requires a trust policy); an instance profile needs a `role`; an OIDC provider needs a `url`; a SAML provider needs its `metadata` file."
    E0412
        "item not allowed here"
        "Statements go in policies, inline policies and templates; `trust` only in roles; `attach` and `inline` in roles, users and groups; `include` in policy bodies, inline blocks and templates."
    E0413
        "property set twice"
        "A property or map key appears twice in one declaration."
    E0414
        "misuse"
        "A construct is used in a way it does not support: a fn or module used as a value, a template called like a fn, a param default that is not a literal, an attribute with the wrong arguments, an unknown lint name in `@allow`."
    E0416
        "unknown attribute"
        "The attributes are `@sid(\"Name\")` on statements and trust clauses, `@allow(LINT, reason = \"...\")` on declarations, inline policies, statements and trust clauses, and `@boundary` on a policy meant only as a permissions boundary."
    E0417
        "output id too long"
        "A declaration's output id (its name, prefixed by the aliases of the modules it was imported through, `logging_task`) is longer than 200 characters; it names files and resources of every target. Use shorter names or aliases."
    E0418
        "output ids differ only in case"
        "Two declarations' output ids differ only in letter case (`Task` and `task`). The json target writes `roles/ID/`, which collide on case-insensitive file systems (macOS, Windows), and IAM names are not case-sensitive either. Rename one of them."
    E0501
        "unknown service"
        "The service prefix of an action is not in the catalog (AWS Service Authorization Reference, see stdlib/catalog/SOURCES.md)."
    E0502
        "unknown action"
        "The action is not in the catalog for its service. Action names are case-insensitive; the suggestion is the closest real action."
    E0503
        "wildcard matches nothing"
        "A pattern such as `s3:Gett*` matches no action of the service, so the statement grants or denies nothing. `*` matches any run of characters, `?` one character."
    E0504
        "unknown condition key"
        "The key is neither a global condition key, nor a key of its service, nor a SAML or web identity key. OIDC provider claims (`HOST:sub`, `HOST/PATH:sub` for an issuer with a path such as EKS) are accepted for any host."
    E0505
        "operator does not fit the key"
        "The comparison does not exist for the key's type: `like` on a Numeric key, `<` on a String key, `!=` on a Bool key. iamx picks the IAM operator from the key type (see docs/language.md)."
    E0506
        "any/all on a single-valued key"
        "`any`/`all` (ForAnyValue/ForAllValues) only make sense on multi-valued keys such as `aws:TagKeys`; on a single-valued key ForAllValues is true when the key is absent, a classic hole."
    E0507
        "value does not fit the operator"
        "A condition value cannot be what the key holds: a number for a Numeric key, a date for a Date key, `true`/`false` for Bool and Null, an address or CIDR for an IP key, an ARN for ArnEquals/ArnLike."
    E0508
        "unknown condition operator"
        "The raw form `when Operator(KEY, VALUES)` takes IAM's operator names, optionally prefixed with `ForAnyValue:`/`ForAllValues:` and suffixed with `IfExists` (not on `Null`)."
    E0509
        "unknown AWS managed policy"
        "`aws_managed(\"Name\")` names a policy that is not in the shipped list of AWS managed policies. The name may include its path (`service-role/...`); without it, the path is found for you."
    E0510
        "unknown or malformed policy variable"
        "An IAM policy variable (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`) is replaced by the value of a key of the request context when IAM evaluates the policy, so it must name a key: a global condition key, a key of a service, or a SAML or web identity key (IAM User Guide, \"IAM policy elements: Variables and tags\"). A misspelled key (`${aws:usrname}`) is never in the request and the resource or condition it is part of never matches; the suggestion is the closest known key. A default value is written after a comma in single quotes. `${*}`, `${?}` and `${$}` stand for the characters themselves. Whether the principal's requests carry the key at all is the unset_policy_variable lint's question."
    E0601
        "invalid Sid"
        "IAM accepts only ASCII letters and digits in a statement id."
    E0602
        "duplicate Sid"
        "Statement ids must be unique within one policy document."
    E0603
        "invalid IAM name or value"
        "IAM limits: role and user names 1-64 characters of letters, digits and `_+=,.@-`; group, policy and profile names 128; paths `/` or `/a/b/` up to 512; descriptions 1,000; tag keys 1-128 (not `aws:`), values 256."
    E0607
        "missing resource"
        "Identity policy statements need a `Resource`: write `on ARN`, or `on *` to grant on every resource explicitly."
    E0609
        "conflicting conditions"
        "Two `when` clauses of one statement use the same IAM operator on the same key. IAM's JSON cannot hold both; to allow any of several values, write `in [..]`."
    E0610
        "duplicate name in output"
        "Two things that IAM or the output need to tell apart share a name: inline policies of one owner, IAM names of one kind, params, or output ids (an imported module's declaration is emitted as `ALIAS_ID`)."
    E0612
        "invalid principal"
        "A trust principal does not fit its kind: service principals end in `.amazonaws.com`, accounts are 12 digits (or an `AccountId` param, `current.account`, an account root ARN), `trust role` takes a role, `trust oidc` an oidc_provider or provider ARN, `trust saml` a saml_provider or provider ARN; a list param of principals is `List[Arn]` (`List[String]` for services)."
    E0613
        "size quota exceeded"
        "An emitted document is over IAM's size quota (counted without whitespace): managed policy 6,144; inline policies of a role together 10,240, of a user 2,048, of a group 5,120; trust policy 4,096 (2,048 by default, see the trust_policy_size lint)."
    E0614
        "too many attachments"
        "A role or user can have at most 20 managed policies attached (10 by default), a group 10."
    E0615
        "empty policy"
        "A policy document needs at least one statement; IAM rejects an empty one."
    E0617
        "unknown trust kind"
        "The trust kinds are service, account, role, user, oidc, saml, federated and anyone."
    E0618
        "reference cycle"
        "Declarations refer to each other in a circle that no target can create in order: two roles that trust each other, a role that trusts itself (IAM checks that a trust principal exists when the trust policy is written), or a cycle through names built from other declarations' names. Where a form without the cycle exists, iamx emits it instead and says nothing: a policy document that names a declaration's ARN gets the ARN built from its known name (IAM does not check resources and condition values), and CloudFormation gets separate `AWS::IAM::RolePolicy`/`UserPolicy`/`GroupPolicy` resources and `AWS::IAM::ManagedPolicy` `Roles`/`Users`/`Groups` lists. The message shows the chain; the help says how to write it without the cycle, e.g. `trust account current.account when aws:PrincipalArn == \"arn:...:role/NAME\"`."
    E0619
        "character not accepted in a policy document"
        "IAM's API accepts only tab, newline, carriage return and the characters U+0020 to U+00FF in a policy document (resources, principals, condition keys and values). Characters such as an en dash (U+2013) typed by an editor, or a control character written with `\\u{...}`, are rejected at deploy time; iamx reports them with their code point."
    E0620
        "trust needs a condition"
        "Some trusts are refused by IAM without a condition: a role trusted by Amazon Cognito identity pools (`trust federated \"cognito-identity.amazonaws.com\"`) must test the identity pool with `cognito-identity.amazonaws.com:aud`, or every identity pool of every account could assume it."
    E0621
        "unusable SAML metadata file"
        "A `saml_provider`'s `metadata` is the path of the identity provider's SAML metadata XML, relative to the declaring module. Like an import, it must stay inside the project root (`--root`, by default the directory holding every file on the command line; symbolic links are followed before the check), exist, be a regular file of at most 8 MiB, be UTF-8, hold 1,000 to 10,000,000 characters as IAM requires, and look like SAML metadata (an `EntityDescriptor`). The label says which of these failed."
    E0701
        "missing param value"
        "The json target substitutes params; one without a default needs `--param NAME=VALUE`."
    E0702
        "missing current value"
        "`current.account` and `current.region` need `--account` and `--region` for the json target; `current.partition` defaults to `aws`."
    E0703
        "invalid command-line value"
        "A `--param`, `--account`, `--region` or `--partition` value does not fit its type."
    E0704
        "unknown param"
        "`--param NAME=VALUE` names no param of the program."
    E0705
        "not expressible in the target"
        "CloudFormation's AWS::IAM::ManagedPolicy and AWS::IAM::InstanceProfile have no Tags property, so a policy or instance profile with `tags` cannot be built with `--target cloudformation` without losing them; the terraform and json targets keep them."
    E0706
        "CloudFormation logical id problem"
        "CloudFormation logical ids are alphanumeric, at most 255 characters, and unique: two output ids that become the same UpperCamelCase id (`my_role` and `myRole` both become `MyRole`), or an id too long once a policy name and suffix are added, cannot be emitted. Rename the declarations."
    E0707
        "over a CloudFormation template quota"
        "A template may declare at most 500 resources, 200 outputs and 200 parameters; output and parameter names take at most 255 characters (logical ids: E0706), parameter values 4,096 bytes, and a template read from S3 at most 1,000,000 bytes (AWS \"CloudFormation quotas\", as cfn-lint encodes them). iamx checks each before writing the template and says what to do: `--outputs arns` (one output per declaration) or `--outputs none` for outputs, `List[T]` params for parameters, splitting the module into several files built as separate stacks for resources and size. A template over 51,200 bytes is fine but must be deployed from S3: that is warning E0708."
    E0708
        "template deployed from S3 (warning)"
        "A warning of `build --target cloudformation`: CloudFormation takes a template body of at most 51,200 bytes in a request (`aws cloudformation deploy --template-file` without `--s3-bucket`), and up to 1,000,000 bytes from S3 (over that is error E0707). Deploy a larger template with `--s3-bucket BUCKET`, which uploads it first. `--deny-warnings` makes it an error."
    E0801
        "cannot read file"
        "An input file does not exist, is a directory, is not a regular file (iamx never opens FIFOs, sockets or devices), is larger than 8 MiB, does not end in `.iamx`, lies outside `--root`, or cannot be read."
    E0802
        "not UTF-8"
        "iamx sources are UTF-8; the label points at the first invalid byte."
    E0803
        "output directory not replaceable"
        "`build --out DIR` writes only files iamx wrote before (listed in `DIR/.iamx-build`) or that do not exist yet, and leaves every other file of DIR alone (`terraform.tfstate`, `.terraform/`, notes). It refuses, changing nothing: a DIR that is not empty and has no `.iamx-build`; an output path taken by a file iamx did not write; a `.iamx-build` listing a path outside DIR; a DIR that is not a directory or is read-only; a DIR another build has held for ten minutes. A symbolic link as DIR is written through. See docs/security.md."
    E0805
        "diagnostics not shown"
        "iamx reports at most 100 diagnostics per file and counts the rest in this one (an error when errors were held back, a warning otherwise), so a broken or hostile file cannot flood a terminal or a CI log. Messages, labels and help lines are cut at 400 characters, and source lines longer than 240 bytes are shown as windows around the labels."
    E0804
        "cannot write output"
        "Writing the output failed. Before the commit point the previous output is left as it was; after it (the message says so) the next `iamx build` into the directory completes the build first. Also reported: old output files that could not be removed after a successful build."
    E0806
        "formatter internal error"
        "`iamx fmt` checks what it is about to write: the formatted text must parse to the same module (spans aside) and keep every comment and doc comment. When it does not, the formatter has a bug; the file is left exactly as it was and nothing is written. Please report it with the file."
    E0807
        "file not formatted"
        "`iamx fmt --check` found a file whose text differs from the canonical layout (docs/formatting.md). The label points at the first line that differs. Run `iamx fmt FILE` to format it; `--check` never writes."
    E0808
        "cannot write formatted file"
        "`iamx fmt` replaces a file by writing the new text to a temporary file beside it and renaming it over the old one, so a reader sees the old text or the new, never a mix. This failed (a read-only directory, a full disk), the file is read-only (iamx does not replace what its permissions protect), or it changed while it was being formatted (an editor saved it meanwhile); the file was left as it was."
    E0901
        "expected allowed, but denied"
        "An `expect X can ACTIONS on RESOURCES` of a `test` block failed: IAM's evaluation logic (docs/evaluation.md) denies at least one of its requests (each action, a pattern counting every action it matches, on each resource). The label says why: a statement that denies it (an explicit deny wins over every allow), the permissions boundary that does not allow it, or, when no statement allows it, the statements that almost do (the action on other resources, or conditions that do not hold for the request context). The help line lists the context used: the `with { ... }` map and the keys AWS sets for the principal (`aws:PrincipalArn`, `aws:PrincipalTag/...`, `aws:username`; docs/testing.md)."
    E0902
        "expected denied, but allowed"
        "An `expect X cannot ACTIONS on RESOURCES` failed: at least one of its requests is allowed. The labels point at the statements that allow it (and at the boundary's statement that lets it through). Scope the statement (resources, conditions) or add a deny."
    E0903
        "expected assumable, but not"
        "An `expect ROLE assumable by KIND PRINCIPAL` failed: the role's trust policy, evaluated alone for that principal and the kind's default action (`sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity` for `oidc` and `federated`, `sts:AssumeRoleWithSAML` for `saml`), does not allow it. A trust statement that names the principal but whose conditions do not hold is labelled; give the request's keys with `with { ... }` (`sts:ExternalId`, `aws:SourceAccount`, the token's claims)."
    E0904
        "expected not assumable, but assumable"
        "An `expect ROLE not assumable by KIND PRINCIPAL` failed: a trust statement allows that principal with the given context. `not assumable by anyone` asks for an IAM user of an account nothing names (000000000000): a trust of `anyone` (or `*`) without a condition that excludes it lets it in."
    E0905
        "permissions differ from the snapshot"
        "`iamx test` writes what each role and user may do to `__snapshots__/FILE.perms` beside the module (or under `--snapshots DIR`) and compares it on every run: the permissions of this principal changed (an action, resource, condition, deny, boundary or trust), or the principal was added or removed. The difference is printed under the diagnostics. If the change is intended, accept it with `iamx test --update-snapshots` and commit the snapshot with the change; a reviewer then sees what it grants. The format is in docs/testing.md."
    E0906
        "no permission snapshot"
        "The module has no permission snapshot yet. `iamx test --update-snapshots` writes it; review it and commit it. A missing snapshot fails the run (as in insta), so CI never passes on a snapshot nobody reviewed; `--no-snapshots` runs the expectations alone."
    E0907
        "cannot decide an expectation"
        "The answer depends on a policy iamx cannot read: a managed policy attached by an ARN of another account (or of a param), or an AWS managed policy newer than the documents iamx embeds; as a permissions boundary it only matters when the request would otherwise be allowed. iamx does not guess: declare the policy in the program, or test a principal without it."
    E0908
        "too many requests"
        "A test run evaluates at most 5,000,000 requests (each action of an expectation, a pattern counting every action it matches, times each resource or principal), so a hostile or mistaken module cannot keep CI busy for hours. The run stops at the expectation named; name fewer actions (`cannot *` alone is about 17,000 requests), or split the module."
    E0911
        "permissions broadened"
        "`iamx diff OLD NEW` found a change that grants more: a principal, action, resource, trusted principal or unconditioned access that was not there, a condition removed or loosened, a deny or boundary limit removed. The labels show the new source and the old one. `iamx diff` exits 1 on any broadening, so it can gate a pull request (the offline counterpart of IAM Access Analyzer's check-no-new-access); `--allow-broadening` reports it as a warning and exits 0. docs/testing.md explains how each change is classified."
    E0912
        "permissions narrowed"
        "`iamx diff` found a change that only takes permissions away (an action, resource or trusted principal removed, a condition or deny added). Reported as a note; it never fails the run."
    E0913
        "condition changed"
        "`iamx diff` found a grant whose conditions changed in a way it cannot order: neither the old nor the new conditions are provably narrower (`aws:SourceVpce` from one endpoint to another). A warning: review it; `--deny-warnings` makes it fail the run."
    E0914
        "cannot read the old version"
        "`iamx diff --base REF` reads the old version of each file from git (`git show REF:PATH`, run without a shell); the reference does not name a commit, git is not installed, the path is not in the repository, or the file is not in that commit (then the whole module counts as new). Two files or two directories are compared without git."
    E1001
        "unknown or misplaced target"
        "`target gcp` names the cloud of a module and is its first declaration (a module without one is AWS, so every existing program compiles unchanged; `target aws` says so explicitly). The clouds are `aws`, `gcp` and `azure`. A `target` line after another declaration, a second one, or an unknown cloud is this error. One cloud per module: modules of different clouds can be compiled together and share `let`, `fn` and `param` declarations."
    E1002
        "unknown declaration or item"
        "A `WORD NAME { ... }` declaration, a `WORD ROLE on SCOPE` item or a module-level `WORD ROLE on SCOPE to ...` uses a word iamx does not know. Google Cloud modules (`target gcp`) declare `service_account`, `custom_role`, `workload_identity_pool`, `deny_policy` and `grant`; Azure modules (`target azure`) declare `managed_identity`, `role_definition` and `grant`; a pool's `provider` takes `oidc`, `map` and `accept`; the words are contextual, so a role called `grant` or `target` still compiles. The help line suggests the closest word."
    E1003
        "declaration of another cloud"
        "Each module targets one cloud, and its declarations are that cloud's: an AWS module (no `target` line) has `role`, `user`, `group`, `policy`, ... and `test` blocks; a `target gcp` module has `service_account`, `custom_role` and `grant`, a `target azure` module `managed_identity`, `role_definition` and `grant` (with `let`, `fn`, `param` and `use` in all). Using a declaration of one cloud in a module of another (an AWS role from a Google Cloud grant, a `service_account` in an AWS module) is an error: cross-cloud trust is later work. The message names the cloud a declaration word belongs to, and the help names the module's own counterpart where it has one (`service_account` in an Azure module: `managed_identity`; `role` in a Google Cloud module: `service_account`); the table of every cloud's words and counterparts is `src/cloud/words.rs`."
    E1004
        "invalid property or item"
        "A Google Cloud declaration has a property it does not take, misses one it needs, sets one twice, or holds an item that does not belong there. `service_account` takes `account_id` (default: the name with `_` as `-`), `display_name`, `description`, `project` and `grant` items; `custom_role` takes `role_id` (default: the name), `title`, `description`, `permissions`, `stage`, and `project` or `organization`. Azure: `managed_identity` takes `name` (default: the name with `_` as `-`), `resource_group`, `location`, `grant` items and `trust github subject S`; `role_definition` takes `name`, `description`, `actions`, `not_actions`, `data_actions`, `not_data_actions` and `assignable_scopes`. A value of the wrong kind (a string where a scope is expected) is this error too."
    E1005
        "invalid Google Cloud id"
        "Google Cloud checks these formats when it creates the resource; iamx checks them at compile time. A service account's `account_id` is 6 to 30 characters, a lowercase letter first, then lowercase letters, digits and `-`, not ending in `-`. A custom role's `role_id` is 3 to 64 characters of letters, digits, `_` and `.`. A project id (`ProjectId` params) is 6 to 30 characters like an account id; a region (`GcpRegion`) looks like `europe-west1`. A value known only at deploy time (a param without a literal) is checked when `--param` gives it."
    E1006
        "unknown predefined role"
        "`roles/NAME` is checked against the catalog of Google Cloud predefined roles (iam-dataset, see stdlib/catalog/gcp/SOURCES.md). Names are case-sensitive. The help line suggests the closest role. A role newer than the catalog can be written as a string (`\"roles/new.role\"`), which is not checked."
    E1007
        "unknown permission"
        "A custom role lists a permission whose service no predefined role uses, so the name is almost certainly misspelt (did-you-mean from the catalog). A permission of a known service that no predefined role holds is the warning `unknown_permission` instead: the catalog cannot prove the service's list complete. Permissions are written bare, `storage.objects.get`, or quoted; wildcards are not allowed in custom roles."
    E1008
        "invalid scope"
        "A grant's scope is a typed constructor or a `service_account` of the module: `organization(org_id)`, `folder(folder_id)`, `project(project)`, `storage.bucket(bucket)`, `artifact_registry.repository(project, location, name)`, `run.service(project, location, name)`, `secret_manager.secret(project, secret_id)`, `kms.crypto_key(crypto_key_id)`, `pubsub.topic(project, topic)`, `bigquery.dataset(project, dataset_id)`. Each takes exactly its arguments, each a string (or a param). docs/clouds.md lists what each emits. Azure: `management_group(id)`, `subscription(subscription_id)`, `resource_group(subscription_id, name)`, `acr.registry(...)`, `container_app(...)`, `key_vault(...)`, `storage_account(subscription_id, resource_group, name)`, a `managed_identity` of the module, or an ARM id string of the right shape (a leading `/`, no wildcard, a GUID subscription, resource types and names in pairs)."
    E1009
        "invalid grant"
        "`grant ROLE on SCOPE` inside a `service_account` gives the role to that account; at module level, `grant ROLE on SCOPE to MEMBER, ...` names its members. ROLE is a predefined `roles/NAME` or a `custom_role` of the module; the only attribute is `@authoritative` (a `_binding` resource that owns every member of the role on the scope, instead of additive `_member` resources). Two authoritative grants of one role on one scope would remove each other's members."
    E1010
        "invalid IAM condition"
        "A Google Cloud grant takes an IAM condition written in CEL: `when cel \"request.time < timestamp('2027-01-01T00:00:00Z')\"`. Google rejects conditions on basic roles (`roles/owner`, `roles/editor`, `roles/viewer`) and on resources whose IAM policy takes none (Artifact Registry repositories and Cloud Run services in the Terraform provider); iamx rejects them at compile time. An expression must be non-empty and at most 12,288 characters."
    E1011
        "custom role limit"
        "A custom role holds at least one and at most 3,000 permissions, and its title, description and permissions at most 64 KB in all (Google Cloud IAM quotas). The title is at most 100 bytes and the description 300. `stage` is one of `ALPHA`, `BETA`, `GA`, `DEPRECATED`, `DISABLED`, `EAP`."
    E1012
        "invalid member"
        "A module-level grant's members are `service_account` declarations of the module or strings as Google Cloud spells members: `user:EMAIL`, `serviceAccount:EMAIL`, `group:EMAIL`, `domain:DOMAIN`, `principal://...`, `principalSet://...`, `allUsers`, `allAuthenticatedUsers`, `projectOwner:P`, `projectEditor:P`, `projectViewer:P`."
    E1014
        "unsafe workload identity federation"
        "A `workload_identity_pool` provider for an issuer whose tokens any of its users can mint (GitHub Actions, GitLab, Terraform Cloud) needs an attribute condition: `accept when assertion.repository == \"OWNER/REPO\"`. Without one any repository on GitHub could federate into the pool, and Google rejects such a provider (`The attribute condition must reference one of the provider's claims`). A `trust github subject S` names one subject exactly (`principal://iam.googleapis.com/POOL/subject/S` is no pattern): build it with `std.github` (`github.environment(repo, \"production\")`)."
    E1015
        "invalid Azure value"
        "Azure checks these formats when it creates the resource; iamx checks them at compile time. A subscription id (`SubscriptionId` params) and a principal object id are GUIDs; a location (`AzureLocation`) is Azure's short name, `westeurope`; a user-assigned identity's name is 3 to 128 letters, digits, `-` and `_` starting with a letter or digit (default: the declaration's name with `_` as `-`); a resource group's name is 1 to 90 letters, digits, `-`, `_`, `.`, `(`, `)`, not ending in `.`. A value known only at deploy time (a param without a literal) is checked when `--param` gives it."
    E1016
        "unknown Azure built-in role"
        "`builtin(\"NAME\")` is checked against the catalog of Azure built-in roles (iam-dataset, see stdlib/catalog/azure/SOURCES.md). Names match ignoring case, as Azure matches them, and are emitted in the catalog's spelling. The help line suggests the closest role. A module's own `role_definition` is granted by its name (`grant reader on ...`)."
    E1017
        "unknown Azure operation"
        "A role definition lists an operation (`Microsoft.Storage/storageAccounts/read`) of a resource provider the catalog does not know, so the name is almost certainly misspelt (did-you-mean from the catalog). An unknown operation of a known provider is the warning `unknown_permission` instead: the operation lists are not complete. Operation names match case-insensitively and are emitted as written; `*` matches any run of characters."
    E1018
        "invalid role definition"
        "Azure refuses a role definition with more than one `*` in an operation, a control-plane operation in `data_actions` (or a data action in `actions`), an operation listed twice (names match ignoring case), no operation at all, or `assignable_scopes` that are `/`, hold a wildcard, or name more than one management group. `assignable_scopes` is required: the scopes (subscriptions, resource groups, one management group, resources) where the role may be assigned."
    E1019
        "invalid role assignment"
        "A grant of a module's `role_definition` must stand at or below one of its `assignable_scopes` (ARM ids compare ignoring case), and a role with data actions cannot be assigned at a management group. A condition is Azure ABAC (version 2.0) written as `when abac \"...\"`: non-empty, at most 8,192 characters, balanced parentheses and quotes, naming the actions it limits (`ActionMatches{'...'}`) or attributes (`@Resource[...]`)."
    E1020
        "invalid federated identity credential"
        "`trust github subject S` in a `managed_identity` becomes one `azurerm_federated_identity_credential`. Managed identities match the token's subject exactly (flexible, pattern-matching credentials exist only for app registrations): a subject with `*` is refused. One identity holds at most 20 credentials, each issuer and subject once."
    E1021
        "deny on Azure"
        "Azure RBAC has no user-written deny: deny assignments are created by Azure itself (managed applications, deployment stacks). A `deny` statement, a `deny` clause or a `deny_policy` in a `target azure` module is refused rather than translated. Grant less instead: a narrower scope, a role definition without the operations, or an ABAC condition. `not_actions` in a role definition is no deny either: it only subtracts from that role's own `actions`."
    E1013
        "target cannot express the program"
        "`--target cloudformation` is AWS-only: a Google Cloud module builds with `--target terraform` (hashicorp/google) or `--target json` (the IAM REST shapes and a bindings manifest), an Azure module with `--target terraform` (hashicorp/azurerm) or `--target json` (role definitions in the `az role definition create` shape and an assignments manifest). One build writes one cloud: compile modules of different clouds with separate `iamx build` runs."
}

lints! {
    BasicRole "basic_role" true
        "a Google Cloud basic role"
        "`roles/owner` (about 13,500 permissions) and `roles/editor` (about 12,000) grant nearly everything in the scope, and `roles/viewer` at a folder or organization reads everything below it. Google recommends predefined roles of the services used instead. Google Cloud counterpart of `broad_managed_policy`; checkov CKV_GCP_41/42/117, prowler iam_sa_no_administrative_privileges."
    AdminRole "admin_role" true
        "a Google Cloud admin role (`roles/*.admin`)"
        "A predefined `roles/SERVICE.admin` role controls the service fully, usually its IAM policies too (`*.setIamPolicy`): a workload rarely needs it. Grant the narrower roles (`...writer`, `...developer`) or a custom role."
    BroadScope "broad_scope" true
        "a Google Cloud or Azure grant wider than the resource it is about"
        "Google Cloud: a role of a service whose resources have IAM policies of their own (Artifact Registry repositories, Cloud Run services, secrets, buckets, topics, datasets, KMS keys) granted at a project, folder or organization reaches every such resource below, present and future, since grants are inherited down the hierarchy. Grant it on the resource (`storage.bucket(b)`), or narrow it with a condition on `resource.name` (then the lint is quiet). Admin roles are left to `admin_role`. Azure: a role whose operations all belong to resource providers (`Microsoft.ContainerRegistry`, `Microsoft.Storage`, ...) assigned at a subscription, a management group or `/` reaches every such resource below; grant it on the resource or its resource group, or narrow it with an ABAC condition (then the lint is quiet). Roles about the subscription itself (`*/read`, `Microsoft.Resources`, `Microsoft.Authorization`, `Microsoft.Support`) are not blamed."
    WildcardActions "wildcard_actions" true
        "an Azure wildcard operation or all-powerful built-in role"
        "A role definition whose `actions` or `data_actions` hold `*` or a whole provider (`Microsoft.Storage/*`) grants every operation of it, including those the provider adds later; and the built-in `Owner`, `Contributor` and `User Access Administrator` grant (nearly) everything at their scope. List the operations the workload calls, or grant the service's own roles. Azure counterpart of `wildcard_action` and `broad_managed_policy`; checkov CKV_AZURE_39 (custom roles with `*`), prowler iam_subscription_roles_owner_custom_not_created."
    IdentityAssignUnscoped "identity_assign_unscoped" true
        "Azure identity assignment at a resource group or wider"
        "`Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action` (the built-in `Managed Identity Operator`, `Contributor`, ...) lets its holder attach a user-assigned identity to a resource it controls and act with that identity's permissions: Azure's `iam:PassRole`. At a resource group, subscription or management group it reaches every identity below. Grant it on the one identity (`grant builtin(\"Managed Identity Operator\") on IDENTITY`)."
    NotActionsNotDeny "not_actions_not_deny" true
        "Azure `not_actions` read as a deny"
        "`not_actions` (and `not_data_actions`) subtract operations from the role's own `actions`: another role assigned to the same principal still grants them, and a wildcard minus a list grants every operation the provider adds later. Azure RBAC has no user-written deny (deny assignments are Azure's own). Grant less instead: list the operations the role needs."
    ActAsUnscoped "act_as_unscoped" true
        "impersonation roles at project level or wider"
        "`roles/iam.serviceAccountUser` (actAs), `roles/iam.serviceAccountTokenCreator` and `roles/iam.workloadIdentityUser` granted on a project, folder or organization let the member use every service account below, the default compute account (historically an Editor) included. Grant them on the one service account (`grant roles/iam.serviceAccountUser on runtime`). Google Cloud counterpart of `pass_role_unscoped`; checkov CKV_GCP_41/49, prowler iam_role_sa_enforce_separation_of_duties."
    PublicMember "public_member" true
        "a grant to `allUsers` or `allAuthenticatedUsers`"
        "`allUsers` is anyone on the internet and `allAuthenticatedUsers` any Google account, not only your organization's. Google Cloud counterpart of `wildcard_principal`; checkov CKV_GCP_28/99."
    AuthoritativeBinding "authoritative_binding" true
        "an authoritative Google Cloud binding (`@authoritative`)"
        "An `@authoritative` grant is a `*_iam_binding` resource: at apply it removes every member of the role on the scope that it does not list, other teams' grants and Google's service agents included. Additive grants (`*_iam_member`) are the default for this reason. Keep it only where the module owns the role on the scope, with `@allow(authoritative_binding, reason = \"...\")`."
    DefaultServiceAccount "default_service_account" true
        "a grant to a default service account"
        "The Compute Engine default service account (`NUMBER-compute@developer.gserviceaccount.com`) and App Engine's (`PROJECT@appspot.gserviceaccount.com`) are used by every VM or app without its own account; a grant to them reaches all of those. Declare a `service_account` per workload. checkov CKV_GCP_30/31."
    ServiceAccountKey "service_account_key" true
        "a role that can create service account keys"
        "`iam.serviceAccountKeys.create` mints long-lived credentials that do not expire by default and are the most common Google Cloud credential leak. Prefer workload identity federation (`trust github subject ...`) or impersonation. The lint reads custom roles' permissions and predefined roles' through the catalog (basic roles are left to `basic_role`)."
    UnknownPermission "unknown_permission" true
        "a Google Cloud permission the catalog does not know"
        "A custom role lists a permission of a known service (some predefined role uses the service) that no predefined role holds. It may be new, or only usable in custom roles, or misspelt; the catalog cannot prove the service's list complete, so this is a warning and not an error (a permission of an unknown service is error E1007). The help line suggests the closest known permission. Silence it with `--allow unknown_permission` once the name is checked against the service's documentation."
    ResourceMismatch "resource_mismatch" true
        "an action cannot act on any resource of its statement"
        "Each action acts on resources of given types (the Service Authorization Reference's resource ARN formats). When no resource of a statement can be of a type the action takes, the statement does nothing for that action: `s3:GetObject` on `arn:aws:s3:::bucket` (a bucket, not an object) is the classic case. Actions that take no resource ARN at all (`ecr:GetAuthorizationToken`, `sts:GetCallerIdentity`) only work with `Resource: \"*\"`. Patterns with `*`, params and references are matched as patterns, so a resource that could be right is never accused."
    TrustPolicySize "trust_policy_size" true
        "a trust policy over the default 2,048-character quota"
        "IAM limits a role's trust policy to 2,048 characters by default (4,096 after a quota increase; over that is error E0613)."
    AttachmentCount "attachment_count" true
        "more than the default 10 managed policies attached"
        "IAM allows 10 managed policies per role or user by default, 20 after a quota increase (over that is error E0614)."
    EmptyModule "empty_module" true
        "a source file with no declarations"
        "A source file with no declarations compiles to nothing; usually the wrong file was passed."
    WildcardAction "wildcard_action" true
        "`*` as an action"
        "Action \"*\" in an Allow grants every action of every service, including those AWS adds later. AWS IAM best practices (\"Apply least-privilege permissions\") and the Access Analyzer policy checks flag it, as do checkov CKV_AWS_62/63 and parliament. An unconditioned deny of `*` on `*` elsewhere in the principal's policies silences it; a `deny not ACTIONS on *` or a permissions boundary that allows named actions only leaves `*` those actions, which the other lints then judge."
    ServiceWildcard "service_wildcard" true
        "every action of a service (`s3:*`)"
        "`service:*` grants every current and future action of a service, writes and permissions management included; the warning counts what it grants by access level (from the Service Authorization Reference). A deny of the same pattern silences it, and so does a `deny not ACTIONS on *` or a permissions boundary that leaves only part of the service: the actions that stay are judged by the other lints."
    WildcardResource "wildcard_resource" true
        "write, permissions-management or tagging actions on `*`"
        "Write, permissions-management or tagging actions that accept resource ARNs, granted on every resource of their type with no condition that narrows them. Actions AWS only allows on `*` (`ecr:GetAuthorizationToken`, most `Describe*`/`List*`) and Read/List actions are not blamed. How the lints read a statement (docs/lints.md, section 3): a resource covers every resource of an action's type when it is `*`, `NotResource` naming only some, or an ARN whose resource field is the type's prefix followed by wildcards (`role/*`, `arn:aws:s3:::*`, `arn:*:cloudtrail:*:*:trail/*`; partition, Region and account are not read); `on not *` grants nothing. A condition narrows a grant unless it is negated (`!=`, `not like`, `not exists`), `all` (ForAllValues) or `if present` on a key requests may lack, or its key says who holds the policy (`aws:PrincipalAccount`, `aws:PrincipalTag/...`), how the request arrives (`aws:CalledVia`, `aws:SecureTransport`, `kms:GrantIsForAWSResource`) or where the resource lives (`aws:ResourceAccount`, `aws:RequestedRegion`): a table in src/aws/lint_data/conditions.rs decides per key. An unconditioned deny that covers the action on every resource answers a grant, `deny not ACTIONS on *` included (it denies every other action), and so does a permissions boundary that does not allow it. AWS: \"Grant least privilege\" (IAM User Guide); checkov CKV_AWS_355/290."
    PermissionsManagement "permissions_management" true
        "actions of the Permissions management access level"
        "Actions of the Permissions management access level (Service Authorization Reference) granted on every resource of their type with no condition that narrows them: they change who may do what (`iam:PutRolePolicy`, `s3:PutBucketPolicy`, `kms:CreateGrant`). `iam:PassRole` is left to `pass_role_unscoped`, and actions AWS only allows on `*` are not blamed. How the lints read a statement (docs/lints.md, section 3): a resource covers every resource of an action's type when it is `*`, `NotResource` naming only some, or an ARN whose resource field is the type's prefix followed by wildcards (`role/*`, `arn:aws:s3:::*`, `arn:*:cloudtrail:*:*:trail/*`; partition, Region and account are not read); `on not *` grants nothing. A condition narrows a grant unless it is negated (`!=`, `not like`, `not exists`), `all` (ForAllValues) or `if present` on a key requests may lack, or its key says who holds the policy (`aws:PrincipalAccount`, `aws:PrincipalTag/...`), how the request arrives (`aws:CalledVia`, `aws:SecureTransport`, `kms:GrantIsForAWSResource`) or where the resource lives (`aws:ResourceAccount`, `aws:RequestedRegion`): a table in src/aws/lint_data/conditions.rs decides per key. An unconditioned deny that covers the action on every resource answers a grant, `deny not ACTIONS on *` included (it denies every other action), and so does a permissions boundary that does not allow it. checkov CKV_AWS_289; parliament's permissions-management finding. Azure: a role assignment (without an ABAC condition) of a role that grants `Microsoft.Authorization/roleAssignments/write`, `roleDefinitions/write`, `elevateAccess/Action` or `Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write` (a keyless backdoor into an identity); constrain an assignment writer with a condition naming the roles and principal types it may assign."
    PassRoleUnscoped "pass_role_unscoped" true
        "`iam:PassRole` without a scoped role ARN or `iam:PassedToService`"
        "`iam:PassRole` on every role (`*`, `role/*`, `NotResource` naming some) without an `iam:PassedToService` condition that must match (a negated one excludes some services and admits the rest) lets the principal hand any role, admin roles included, to any service it can drive: the core of most privilege-escalation paths. A deny or a permissions boundary that takes `iam:PassRole` away answers it. AWS: \"Granting a user permissions to pass a role to an AWS service\" (IAM User Guide); checkov CKV_AWS_286."
    PrivilegeEscalation "privilege_escalation" true
        "a combination of grants that can escalate privileges"
        "Everything a role or user ends up with (inline policies, attached managed policies, local or AWS managed, and a user's groups) is checked against the published escalation paths, 103 of them: the union of cloudsplaining's 59 methods (Rhino Security Labs' 21 and pathfinding.cloud's), pathfinding.cloud's 65 paths and prowler's privilege-escalation combinations (Bedrock AgentCore code interpreters, runtimes and browsers, Glue jobs and triggers, CloudFormation StackSets, CodeBuild batch builds, ECS StartTask, Lambda AddPermission, SageMaker processing jobs and notebook lifecycle configurations, EC2 Instance Connect, SSM, IAM Identity Center, permissions boundary removal, ...); src/aws/lint_data/paths.rs cites each path's source. A managed policy attached to nothing in the compiled modules, and a group without members, are checked alone: whoever they are attached to later holds their paths. An action counts only when an allow grants it on every resource of its type with no condition that narrows it, no deny takes it away (`deny not ACTIONS` included) and the principal's permissions boundary allows it on every resource too; a deny in a boundary denies. Run Command and Session Manager count only with documents that run any command (`document/*`, `AWS-RunShellScript`, `SSM-SessionManagerRunShell`, ...). A resource covers every resource of an action's type when it is `*`, `NotResource` naming only some, or an ARN whose resource field is the type's prefix followed by wildcards (`role/*`, `arn:aws:s3:::*`, `arn:*:cloudtrail:*:*:trail/*`; partition, Region and account are not read); `on not *` grants nothing. A condition narrows a grant unless it is negated (`!=`, `not like`, `not exists`), `all` (ForAllValues) or `if present` on a key requests may lack, or its key says who holds the policy (`aws:PrincipalAccount`, `aws:PrincipalTag/...`), how the request arrives (`aws:CalledVia`, `aws:SecureTransport`, `kms:GrantIsForAWSResource`) or where the resource lives (`aws:ResourceAccount`, `aws:RequestedRegion`): a table in src/aws/lint_data/conditions.rs decides per key. An unconditioned deny that covers the action on every resource answers a grant, `deny not ACTIONS on *` included (it denies every other action), and so does a permissions boundary that does not allow it. The warning points at the principal with a label on each contributing statement. AWS managed policies, attached or as a boundary, are read from the documents iamx embeds (stdlib/managed/, from iam-dataset), and a label points at the `attach` that brings an action in; a policy of another account given by ARN cannot be read: as a boundary it is taken to allow everything, and the warning says it was not read."
    CredentialsExposure "credentials_exposure" true
        "actions that return credentials or secrets"
        "Actions whose response carries credentials, a key, a password or a login token (iam:CreateAccessKey, sts:AssumeRole, redshift:GetClusterCredentials, rds-db:connect, ec2:GetPasswordData, codeartifact:GetAuthorizationToken, ... 39 actions) granted on every resource of their type with no condition that narrows them. Sources: the credentials-exposure list by Kinnaird McQuade used by cloudsplaining and policy_sentry, and the CredentialExposure list of primeharbor/sensitive_iam_actions; docs/lints.md lists the entries left out and why. Actions AWS only allows on `*` (ecr:GetAuthorizationToken, sts:GetSessionToken) are not blamed: their token carries only the caller's own permissions, and there is nothing to scope. How the lints read a statement (docs/lints.md, section 3): a resource covers every resource of an action's type when it is `*`, `NotResource` naming only some, or an ARN whose resource field is the type's prefix followed by wildcards (`role/*`, `arn:aws:s3:::*`, `arn:*:cloudtrail:*:*:trail/*`; partition, Region and account are not read); `on not *` grants nothing. A condition narrows a grant unless it is negated (`!=`, `not like`, `not exists`), `all` (ForAllValues) or `if present` on a key requests may lack, or its key says who holds the policy (`aws:PrincipalAccount`, `aws:PrincipalTag/...`), how the request arrives (`aws:CalledVia`, `aws:SecureTransport`, `kms:GrantIsForAWSResource`) or where the resource lives (`aws:ResourceAccount`, `aws:RequestedRegion`): a table in src/aws/lint_data/conditions.rs decides per key. An unconditioned deny that covers the action on every resource answers a grant, `deny not ACTIONS on *` included (it denies every other action), and so does a permissions boundary that does not allow it."
    DataExfiltration "data_exfiltration" true
        "actions that read data out of a service"
        "Data-plane reads that hand the data itself out (s3:GetObject, ssm:GetParameter*, secretsmanager:GetSecretValue, dynamodb:Scan, sqs:ReceiveMessage, logs:GetLogEvents, lambda:GetFunction, rds:CopyDBSnapshot, ... 40 actions) granted on every resource of their type with no condition that narrows them. Sources: cloudsplaining's data-exfiltration actions and the data-plane reads of primeharbor/sensitive_iam_actions' DataAccess list; docs/lints.md lists what is left out and why. `aws:SourceVpce` or `aws:ResourceTag/...` narrow a grant; `aws:ResourceAccount == current.account` does not (every bucket of the account is still every bucket), but excluding one's own account (`aws:ResourceAccount != current.account`) leaves none of its data. How the lints read a statement (docs/lints.md, section 3): a resource covers every resource of an action's type when it is `*`, `NotResource` naming only some, or an ARN whose resource field is the type's prefix followed by wildcards (`role/*`, `arn:aws:s3:::*`, `arn:*:cloudtrail:*:*:trail/*`; partition, Region and account are not read); `on not *` grants nothing. A condition narrows a grant unless it is negated (`!=`, `not like`, `not exists`), `all` (ForAllValues) or `if present` on a key requests may lack, or its key says who holds the policy (`aws:PrincipalAccount`, `aws:PrincipalTag/...`), how the request arrives (`aws:CalledVia`, `aws:SecureTransport`, `kms:GrantIsForAWSResource`) or where the resource lives (`aws:ResourceAccount`, `aws:RequestedRegion`): a table in src/aws/lint_data/conditions.rs decides per key. An unconditioned deny that covers the action on every resource answers a grant, `deny not ACTIONS on *` included (it denies every other action), and so does a permissions boundary that does not allow it."
    NotActionAllow "not_action_allow" true
        "`allow not ...` grants everything else"
        "Allow with NotAction grants every action except the listed ones, now and in the future. AWS's documentation of NotAction warns against it in allows; parliament flags it."
    ConfusedDeputy "confused_deputy" true
        "service trust without `aws:SourceAccount`/`aws:SourceArn`"
        "A trust policy that lets a service principal assume the role without `aws:SourceAccount` or `aws:SourceArn` (or the Org variants): the service can be made to assume it on behalf of another account. Only principals whose AWS documentation shows these keys in role trust policies are checked (ECS tasks, EventBridge, Scheduler, Step Functions, CodeBuild, SageMaker, Config, ...); EC2, Lambda, API Gateway, Glue and Backup do not send them, so no condition is asked of them. AWS: \"The confused deputy problem\" (IAM User Guide)."
    CrossAccountUnconditioned "cross_account_unconditioned" true
        "cross-account trust without ExternalId, org or MFA conditions"
        "Trust of another account (a literal account id or a param) with no `sts:ExternalId`, `aws:PrincipalOrgID`/`OrgPaths`, `aws:PrincipalArn` or MFA condition: every role and user of that account allowed `sts:AssumeRole` can become this role. The account being built is not another account: `current.account`, and with `--account ID` (for `check` and `build`) that id, written out. AWS: \"Access to AWS accounts owned by third parties\" (external ID), IAM User Guide."
    OidcUnscopedSubject "oidc_unscoped_subject" true
        "OIDC trust without a `sub` condition, or `repo:*`"
        "Web identity trust without a `HOST:sub` condition lets every identity of the provider assume the role. For GitHub Actions (`token.actions.githubusercontent.com`) the subject must name one repository (`repo:OWNER/NAME:ref:...`, `:environment:...`, `:pull_request`); `repo:*` or a wildcard owner or name lets any GitHub repository in, and the `aud` claim should be checked (`sts.amazonaws.com`). AWS: \"Configuring a role for GitHub OIDC identity provider\" (IAM User Guide); GitHub: \"Configuring OpenID Connect in Amazon Web Services\". Azure: a `trust github subject S` whose subject names no environment (`:environment:`) or ref (`:ref:`), or a pull request's (`:pull_request`): any workflow run matching it, including code proposed by anyone, gets the identity."
    WildcardPrincipal "wildcard_principal" true
        "trust of `anyone` without conditions"
        "`trust anyone` with no condition lets any principal in any AWS account assume the role. A condition such as `aws:PrincipalOrgID` makes it safe. Access Analyzer reports such roles as publicly accessible."
    BroadManagedPolicy "broad_managed_policy" true
        "AdministratorAccess, IAMFullAccess, PowerUserAccess, *FullAccess"
        "AdministratorAccess, IAMFullAccess, PowerUserAccess and the `*FullAccess` AWS managed policies grant whole services or accounts. AWS recommends them to get started, then moving toward least-privilege permissions (IAM best practices). checkov CKV_AWS_274 (AdministratorAccess)."
    ForallvaluesAllow "forallvalues_allow" true
        "`ForAllValues` in an allow, true when the key is absent"
        "`ForAllValues:` is true when the request carries no value for the key, so an allow conditioned on it also allows requests without the key. AWS: \"Single-valued vs. multivalued context keys\" (IAM User Guide) recommends a Null check (`when KEY exists`) beside it."
    RedundantAction "redundant_action" true
        "an action already granted by another in the same statement"
        "An action already matched by a pattern (or listed twice) in the same statement: harmless to IAM, but it hides what the statement grants and usually means a copy-paste that was meant to be narrower."
    UnusedDeclaration "unused_declaration" true
        "a let, fn, template or param nothing uses"
        "A let, fn, template, param or import of a file named on the command line that nothing refers to. Often a leftover after a refactor, or a typo elsewhere that made the real use resolve to something else. Declarations of imported modules are not reported (a library module serves other modules), and `@allow(unused_declaration)` on a declaration keeps it."
    UnsetPolicyVariable "unset_policy_variable" true
        "a policy variable the principal's requests never carry (`${aws:username}` for a role)"
        "A policy variable (`${aws:username}`) is replaced by the value of its key in the request; when the request does not carry the key, \"any attempt to match it fails and causes the statement to be invalid\" (IAM User Guide, \"IAM policy elements: Variables and tags\"), so the resource or condition value never matches: an allow grants nothing there, a deny denies nothing. Some keys are never in the requests of a kind of principal (\"AWS global condition context keys\", the Availability of each key): `aws:username` is set for IAM users only, `aws:SourceIdentity`, `aws:FederatedProvider`, `ec2:SourceInstanceArn`, SAML and web identity keys for role sessions only, `aws:PrincipalServiceName` for service principals only. The lint reads who holds each document: a role's inline policies act for the role, a user's and a group's for users, a managed policy for the roles, users and groups it is attached to here (it is left alone when attached to nothing). A variable with a default (`${aws:username, 'none'}`) is never unset. IAM accepts such a policy, so this is a warning and not an error (like `resource_mismatch`); `--deny unset_policy_variable` makes it one."
}

/// The explanation of a code or lint.
pub fn explain(code: &str) -> Option<String> {
    if let Some(e) = CODES
        .iter()
        .find(|e| e.code.as_str().eq_ignore_ascii_case(code))
    {
        return Some(format!("{} {}\n\n{}\n", e.code.as_str(), e.title, e.text));
    }
    let lint = LINTS.iter().find(|l| l.name == code)?;
    let status = if lint.implemented {
        "warning by default; `@allow(NAME)` on the item silences it, `--deny NAME` makes it an error"
    } else {
        "not implemented yet: the name is reserved and accepted by `@allow`, `--allow` and `--deny`, but the lint never fires"
    };
    Some(format!(
        "{} (lint)\n\n{}.\n\n{}\n\n{status}\n",
        lint.name,
        capitalize(lint.summary),
        lint.text
    ))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `docs/diagnostics.md`, generated from the tables above.
pub fn markdown() -> String {
    let mut s = String::from(
        "# Diagnostics\n\nGenerated from `iamx explain` (src/diag/registry.rs); `cargo test` fails when this file is out of date \
         (regenerate with `UPDATE_DOCS=1 cargo test --test it docs::`).\n\n",
    );
    s.push_str(include_str!("../../docs/diagnostics-format.md"));
    s.push_str("\n## Error codes\n\n| code | title | explanation |\n|---|---|---|\n");
    for e in CODES {
        s.push_str(&format!(
            "| {} | {} | {} |\n",
            e.code.as_str(),
            e.title,
            e.text.replace('|', "\\|")
        ));
    }
    s.push_str("\n## Lints\n\n| lint | status | what it finds |\n|---|---|---|\n");
    for l in LINTS {
        let status = if l.implemented {
            "warning"
        } else {
            "reserved (not implemented yet)"
        };
        s.push_str(&format!(
            "| `{}` | {status} | {} |\n",
            l.name,
            l.summary.replace('|', "\\|")
        ));
    }
    s
}

impl ErrorCode {
    /// The registry entry of this code.
    pub fn entry(self) -> Option<&'static CodeEntry> {
        CODES.iter().find(|e| e.code == self)
    }
}

impl Lint {
    /// The lint named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Lint> {
        LINTS.iter().find(|l| l.name == name).map(|l| l.lint)
    }

    /// Every lint's name, in registry order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        LINTS.iter().map(|l| l.name)
    }
}
