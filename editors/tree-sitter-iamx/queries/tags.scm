; Definitions for code navigation (`tree-sitter tags`, GitHub).

(declaration
  name: (identifier) @name) @definition.class

(function_declaration
  name: (identifier) @name) @definition.function

(let_declaration
  name: (identifier) @name) @definition.constant

(param_declaration
  name: (identifier) @name) @definition.constant

(call
  function: (path
    (identifier) @name .)) @reference.call
