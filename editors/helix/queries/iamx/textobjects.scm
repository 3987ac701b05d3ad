; Helix text objects: `maf`/`mif` select a declaration, `mac` a comment.

(declaration
  body: (block) @function.inside) @function.around

(function_declaration
  body: (_) @function.inside) @function.around

(parameters
  ((parameter) @parameter.inside . ","? @parameter.around) @parameter.around)

(arguments
  ((_) @parameter.inside . ","? @parameter.around) @parameter.around)

[
  (line_comment)
  (block_comment)
  (doc_comment)
] @comment.inside

(doc_comment)+ @comment.around
(line_comment)+ @comment.around
(block_comment) @comment.around

(test_declaration
  body: (block) @test.inside) @test.around
