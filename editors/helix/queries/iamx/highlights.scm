; Generated from editors/tree-sitter-iamx/queries/highlights.scm by editors/tree-sitter-iamx/tests/editors.rs:
; edit that file, then run `UPDATE_QUERIES=1 cargo test --test editors` there.

; Punctuation and operators

[
  "{"
  "}"
  "("
  ")"
  "["
  "]"
] @punctuation.bracket

[
  ","
  "."
  ":"
] @punctuation.delimiter

[
  "="
  "->"
] @operator

(operator) @operator

; Keywords

[
  "param"
  "let"
  "test"
  "target"
  "on"
  "trust"
  "actions"
  "attach"
  "inline"
  "include"
  "grant"
  "map"
  "subject"
  "via"
  "to"
  "except"
  "expect"
  "can"
  "cannot"
  "assumable"
  "by"
  "with"
] @keyword

[
  "allow"
  "deny"
] @keyword

[
  "use"
  "as"
] @keyword.control.import

"fn" @keyword.function

[
  "when"
  "if"
  "present"
] @keyword.control.conditional

[
  "not"
  "in"
  "like"
  "any"
  "all"
  "exists"
] @keyword.operator

; Literals

[
  (integer)
  (duration)
] @constant.numeric.integer

(boolean) @constant.builtin.boolean

(wildcard) @special

; Paths: `x`, `task.arn`, `current.account`, and calls `arn.s3_object(...)`, `aws_managed(...)`

(path
  .
  (identifier) @variable)

(path
  "."
  (identifier) @variable.other.member)

(path
  .
  (identifier) @variable.builtin
  (#eq? @variable.builtin "current"))

(call
  function: (path
    .
    (identifier) @namespace
    "."))

(call
  function: (path
    (identifier) @function .))

(call
  function: (path
    .
    (identifier) @function.builtin .)
  (#any-of? @function.builtin "aws_managed" "builtin" "project" "folder" "organization"
    "management_group" "subscription" "resource_group"))

; Qualified names: actions and GCP permissions; roles and Azure operations with a slash

(qualified_name) @function

(slash_name) @constant

; Conditions

(condition_key) @variable.other.member

(raw_operator) @function.builtin

(condition
  language: (identifier) @keyword)

; Items

(property
  key: (identifier) @variable.other.member)

(map_entry
  key: (identifier) @variable.other.member)

(map_entry
  key: (typed_name) @variable.other.member)

(mapping
  target: (path
    (identifier) @variable.other.member))

(directive
  name: (identifier) @keyword)

(guard
  name: (identifier) @keyword)

(trust
  kind: (identifier) @constant.builtin)

(trust
  kind: "anyone" @constant.builtin)

(expectation
  kind: (identifier) @constant.builtin)

(expectation
  kind: "anyone" @constant.builtin)

(inline
  name: (identifier) @type)

; Declarations: any word in the kind position is a declaration keyword

(declaration
  kind: _ @keyword.storage.type
  name: (identifier) @type)

(declaration
  kind: "template"
  name: (identifier) @function)

(function_declaration
  name: (identifier) @function)

(param_declaration
  name: (identifier) @variable.parameter)

(param_declaration
  name: (typed_name) @variable.parameter)

(let_declaration
  name: (identifier) @variable)

(use_declaration
  module: (path
    (identifier) @namespace))

(use_declaration
  alias: (identifier) @namespace)

(target_declaration
  cloud: (identifier) @constant.builtin)

(parameter
  name: (identifier) @variable.parameter)

(parameter
  name: (typed_name) @variable.parameter)

(type
  name: (identifier) @type)

; Attributes: `@sid("ReadInput")`, `@allow(wildcard_resource, reason = "...")`

(attribute
  "@" @attribute
  name: (identifier) @attribute)

(named_argument
  name: (identifier) @variable.parameter)

; Strings: the whole literal, then the parts that stand out

(string) @string

(escape_sequence) @constant.character.escape

(policy_variable) @string.special

(interpolation
  "${" @punctuation.special
  "}" @punctuation.special)

; Comments

[
  (line_comment)
  (block_comment)
] @comment

(doc_comment) @comment.line.documentation
