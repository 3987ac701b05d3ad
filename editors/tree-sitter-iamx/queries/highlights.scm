; Highlights for iamx.
;
; Written for highlighters where the FIRST matching pattern wins (tree-sitter's own highlighter,
; `tree-sitter highlight`/`test`, Helix): specific patterns come before general ones. Blocks are
; separated by blank lines; the editor variants (editors/neovim, editors/helix, editors/zed) are
; generated from this file by the test crate in editors/tree-sitter-iamx-tests (block order reversed
; for Neovim and Zed, where the last match wins, and capture names mapped to each editor's
; vocabulary). Edit this file, then run `UPDATE_QUERIES=1 cargo test` there.

; Comments

(doc_comment) @comment.documentation

[
  (line_comment)
  (block_comment)
] @comment

; Strings

(escape_sequence) @string.escape

(policy_variable) @string.special

(interpolation
  "${" @punctuation.special
  "}" @punctuation.special)

(interpolation
  path: (path
    (identifier) @variable))

(string) @string

; Attributes: `@sid("ReadInput")`, `@allow(wildcard_resource, reason = "...")`

(attribute
  "@" @attribute
  name: (identifier) @attribute)

(named_argument
  name: (identifier) @variable.parameter)

; Declarations

(declaration
  kind: "template" @keyword.type
  name: (identifier) @function)

(declaration
  kind: _ @keyword.type
  name: (identifier) @type.definition)

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
    (identifier) @module))

(use_declaration
  alias: (identifier) @module)

(target_declaration
  cloud: (identifier) @constant.builtin)

(parameter
  name: (identifier) @variable.parameter)

(parameter
  name: (typed_name) @variable.parameter)

(type
  name: (identifier) @type)

(inline
  name: (identifier) @type.definition)

; Items

(property
  key: (identifier) @property)

(mapping
  target: (path
    (identifier) @property))

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

(map_entry
  key: (identifier) @property)

(map_entry
  key: (typed_name) @property)

; Conditions

(condition_key) @property

(raw_operator) @function.builtin

(condition
  language: (identifier) @keyword)

(operator) @operator

; Qualified names: actions, GCP permissions and roles, Azure operations

(qualified_name) @function

(slash_name) @constant

; Calls and paths

(call
  function: (path
    (identifier) @function.builtin .)
  (#any-of? @function.builtin "aws_managed" "builtin" "project" "folder" "organization"
    "management_group" "subscription" "resource_group"))

(call
  function: (path
    (identifier) @function.call .))

(call
  function: (path
    .
    (identifier) @module
    "."))

(path
  .
  (identifier) @variable.builtin
  (#eq? @variable.builtin "current"))

(path
  "."
  (identifier) @variable.member)

(path
  .
  (identifier) @variable)

(identifier) @variable

; Literals

[
  (integer)
  (duration)
] @number

(boolean) @boolean

(wildcard) @character.special

; Keywords

[
  "use"
  "as"
] @keyword.import

"fn" @keyword.function

[
  "when"
  "if"
  "present"
] @keyword.conditional

[
  "not"
  "in"
  "like"
  "any"
  "all"
  "exists"
] @keyword.operator

[
  "allow"
  "deny"
] @keyword

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

; Punctuation

[
  "="
  "->"
] @operator

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
