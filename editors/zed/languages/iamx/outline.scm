; The outline panel and symbol search: declarations, and the named inline policies inside them.

(declaration
  kind: _ @context
  name: (identifier) @name) @item

(function_declaration
  "fn" @context
  name: (identifier) @name) @item

(let_declaration
  "let" @context
  name: (identifier) @name) @item

(param_declaration
  "param" @context
  name: (_) @name) @item

(test_declaration
  "test" @context
  name: (string) @name) @item

(inline
  "inline" @context
  name: (identifier) @name) @item
