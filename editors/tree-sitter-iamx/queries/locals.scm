; Scopes, definitions and references (Neovim's `@local.*` captures; also read by tree-sitter's
; highlighter). Module-level declarations are order-independent, so they are defined in the file's
; scope; function and template parameters are local to their declaration.

(source_file) @local.scope

(function_declaration) @local.scope

(declaration
  parameters: (parameters)) @local.scope

(declaration
  name: (identifier) @local.definition.type)

(function_declaration
  name: (identifier) @local.definition.function)

(let_declaration
  name: (identifier) @local.definition.var)

(param_declaration
  name: (identifier) @local.definition.parameter)

(parameter
  name: (identifier) @local.definition.parameter)

(use_declaration
  alias: (identifier) @local.definition.import)

(path
  .
  (identifier) @local.reference)
