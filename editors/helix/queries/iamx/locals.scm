; Generated from editors/tree-sitter-iamx/queries/locals.scm by editors/tree-sitter-iamx/tests/editors.rs:
; edit that file, then run `UPDATE_QUERIES=1 cargo test --test editors` there.

(source_file) @local.scope

(function_declaration) @local.scope

(declaration
  parameters: (parameters)) @local.scope

(declaration
  name: (identifier) @local.definition.type)

(function_declaration
  name: (identifier) @local.definition.function)

(let_declaration
  name: (identifier) @local.definition.variable)

(param_declaration
  name: (identifier) @local.definition.variable.parameter)

(parameter
  name: (identifier) @local.definition.variable.parameter)

(use_declaration
  alias: (identifier) @local.definition.namespace)

(path
  .
  (identifier) @local.reference)
