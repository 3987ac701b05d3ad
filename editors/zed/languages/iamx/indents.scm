(block "}" @end) @indent
(list "]" @end) @indent
(map "}" @end) @indent
(arguments ")" @end) @indent
(parameters ")" @end) @indent
