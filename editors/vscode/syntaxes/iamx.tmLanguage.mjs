// The iamx TextMate grammar, written as data: `node syntaxes/iamx.tmLanguage.mjs` writes
// syntaxes/iamx.tmLanguage.json (committed; `npm run check:grammar` fails when it is stale).
//
// Every word list lives here once. A new declaration keyword (say `saml_provider`) needs no change
// at all: `KIND NAME {` highlights as a declaration for any word. Add it to DECLARATION_KINDS only
// to highlight it where it is not followed by a name. The compiler's lexer (src/lexer/mod.rs) is
// authoritative; editors/tree-sitter-iamx/tests/keywords.rs checks every keyword token it has is
// named here.

import { writeFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Declaration kinds the lexer reserves as keywords. */
export const RESERVED_KINDS = [
  'policy', 'role', 'user', 'group', 'instance_profile', 'oidc_provider', 'saml_provider',
  'template',
];

/** Declaration kinds: AWS today, then the provider sections' (contextual words). */
export const DECLARATION_KINDS = [
  ...RESERVED_KINDS,
  // target gcp
  'service_account', 'custom_role', 'workload_identity_pool', 'deny_policy',
  // target azure
  'managed_identity', 'role_definition',
];

/** Keywords by the scope they get. */
export const KEYWORDS = {
  'keyword.control.import.iamx': ['use', 'as'],
  'storage.type.function.iamx': ['fn'],
  'storage.type.iamx': ['param', 'let'],
  'keyword.control.conditional.iamx': ['when', 'if', 'present'],
  'keyword.operator.expression.iamx': ['not', 'in', 'like', 'any', 'all', 'exists'],
  'keyword.control.effect.iamx': ['allow', 'deny'],
  'keyword.other.iamx': [
    'on', 'trust', 'actions', 'attach', 'inline', 'include',
    'test', 'expect', 'can', 'cannot', 'assumable', 'by', 'with',
  ],
  'constant.language.boolean.iamx': ['true', 'false'],
  'constant.language.anyone.iamx': ['anyone'],
};

/**
 * Contextual words of the provider sections (and `target`): keywords only at the start of an item
 * (`grant ROLE on SCOPE`, `map google.subject = ...`) or inside a clause (`subject`, `via`, `to`,
 * `except`), never when used as a name (`grant = 1`, `role grant { }`).
 */
export const ITEM_WORDS = ['grant', 'map', 'accept', 'oidc', 'target'];
export const CLAUSE_WORDS = ['subject', 'via', 'to', 'except'];

/** Builtin functions and scope constructors (provider sections). */
export const BUILTIN_FUNCTIONS = [
  'aws_managed', 'builtin', 'project', 'folder', 'organization', 'management_group',
  'subscription', 'resource_group', 'container_app', 'key_vault', 'storage_account',
  'service_principal',
];
export const BUILTIN_VARIABLES = ['current'];

// ---- the lexer's regexes (src/lexer/mod.rs) ---------------------------------------------------

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
// A qualified name: `s3:GetObject`, `aws:PrincipalTag/team`, `ForAnyValue:StringLike`, and the
// OIDC keys with a path, `oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub`.
const QNAME = '[A-Za-z][A-Za-z0-9_.\\-/]*:[A-Za-z0-9_*?/.+=@:\\-]+';
// `roles/run.developer`, `Microsoft.Compute/virtualMachines/read`, `*/read`.
const SLASH_NAME = '(?:[A-Za-z][A-Za-z0-9_.\\-]*|\\*)/[A-Za-z0-9_*?/.\\-]*';
const TYPE = `${IDENT}(?:\\s*\\[[A-Za-z0-9_\\s,\\[\\]]*\\])?`;

const words = list => `\\b(?:${list.join('|')})\\b`;
const ALL_KEYWORDS = Object.values(KEYWORDS).flat();
const NOT_KINDS = [...ALL_KEYWORDS, ...ITEM_WORDS, ...CLAUSE_WORDS];

/** The `types` pattern applied to a captured type expression. */
const typeCapture = name => ({ name, patterns: [{ include: '#type-names' }] });

const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'iamx',
  scopeName: 'source.iamx',
  fileTypes: ['iamx'],
  patterns: [{ include: '#comments' }, { include: '#declarations' }, { include: '#items' },
    { include: '#expressions' }],
  repository: {
    comments: {
      patterns: [
        {
          // `///` before `//`; `////` is a doc comment too, as in the lexer.
          name: 'comment.line.documentation.iamx',
          begin: '///',
          beginCaptures: { 0: { name: 'punctuation.definition.comment.iamx' } },
          end: '$',
          patterns: [{ match: '`[^`]*`', name: 'markup.inline.raw.iamx' }],
        },
        {
          name: 'comment.line.double-slash.iamx',
          begin: '//',
          beginCaptures: { 0: { name: 'punctuation.definition.comment.iamx' } },
          end: '$',
        },
        {
          name: 'comment.block.iamx',
          begin: '/\\*',
          beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.iamx' } },
          end: '\\*/',
          endCaptures: { 0: { name: 'punctuation.definition.comment.end.iamx' } },
        },
      ],
    },

    declarations: {
      patterns: [
        {
          match: `^\\s*(use)\\s+(${IDENT}(?:\\.${IDENT})*)(?:\\s+(as)\\s+(${IDENT}))?`,
          captures: {
            1: { name: 'keyword.control.import.iamx' },
            2: { name: 'entity.name.namespace.iamx' },
            3: { name: 'keyword.control.import.iamx' },
            4: { name: 'entity.name.namespace.iamx' },
          },
        },
        {
          match: `^\\s*(use)\\s+(?=")`,
          captures: { 1: { name: 'keyword.control.import.iamx' } },
        },
        {
          match: `(?<=")\\s+(as)\\s+(${IDENT})`,
          captures: {
            1: { name: 'keyword.control.import.iamx' },
            2: { name: 'entity.name.namespace.iamx' },
          },
        },
        {
          match: `^\\s*(param)\\s+(${IDENT})\\s*(:)\\s*(${TYPE})`,
          captures: {
            1: { name: 'storage.type.iamx' },
            2: { name: 'variable.parameter.iamx' },
            3: { name: 'punctuation.separator.type.iamx' },
            4: typeCapture('meta.type.iamx'),
          },
        },
        {
          match: `^\\s*(let)\\s+(${IDENT})(?:\\s*(:)\\s*(${TYPE}))?`,
          captures: {
            1: { name: 'storage.type.iamx' },
            2: { name: 'variable.other.constant.iamx' },
            3: { name: 'punctuation.separator.type.iamx' },
            4: typeCapture('meta.type.iamx'),
          },
        },
        {
          // `fn NAME(PARAMS) -> TYPE =` and `template NAME(PARAMS) {`.
          begin: `^\\s*(fn|template)\\s+(${IDENT})\\s*(\\()`,
          beginCaptures: {
            1: { name: 'storage.type.function.iamx' },
            2: { name: 'entity.name.function.iamx' },
            3: { name: 'punctuation.definition.parameters.begin.iamx' },
          },
          end: '\\)',
          endCaptures: { 0: { name: 'punctuation.definition.parameters.end.iamx' } },
          patterns: [
            { include: '#comments' },
            {
              match: `(${IDENT})\\s*(:)\\s*(${TYPE})`,
              captures: {
                1: { name: 'variable.parameter.iamx' },
                2: { name: 'punctuation.separator.type.iamx' },
                3: typeCapture('meta.type.iamx'),
              },
            },
            { match: ',', name: 'punctuation.separator.comma.iamx' },
          ],
        },
        {
          match: `(->)\\s*(${TYPE})`,
          captures: {
            1: { name: 'keyword.operator.arrow.iamx' },
            2: typeCapture('meta.type.iamx'),
          },
        },
        {
          match: `^\\s*(test)\\s+(?=")`,
          captures: { 1: { name: 'keyword.other.iamx' } },
        },
        {
          match: `^\\s*(target)\\s+(${IDENT})\\s*$`,
          captures: {
            1: { name: 'keyword.other.iamx' },
            2: { name: 'support.constant.cloud.iamx' },
          },
        },
        {
          // `inline NAME {` before the generic form: `inline` is a keyword, not a kind.
          match: `^\\s*(inline)(?:\\s+(${IDENT}))?\\s*(?=\\{)`,
          captures: {
            1: { name: 'keyword.other.iamx' },
            2: { name: 'entity.name.type.iamx' },
          },
        },
        {
          // A known kind and a name, even with the brace on a later line.
          match: `^\\s*(${DECLARATION_KINDS.join('|')})\\s+(${IDENT})\\b(?!\\s*[=:.,(])`,
          captures: {
            1: { name: 'storage.type.declaration.iamx' },
            2: { name: 'entity.name.type.iamx' },
          },
        },
        {
          // Every declaration, known kind or not: `role task {`, `deny_policy guard on ... {`,
          // `provider github_actions {` inside a workload identity pool.
          match: `^\\s*(?!${words(NOT_KINDS)})(${IDENT})\\s+(${IDENT})\\s*(?=\\{|\\bon\\b)`,
          captures: {
            1: { name: 'storage.type.declaration.iamx' },
            2: { name: 'entity.name.type.iamx' },
          },
        },
      ],
    },

    items: {
      patterns: [
        {
          // `reason = "..."` inside an attribute's arguments.
          match: `(?<=[(,])\\s*(${IDENT})\\s*(=)(?!=)`,
          captures: {
            1: { name: 'variable.parameter.iamx' },
            2: { name: 'keyword.operator.assignment.iamx' },
          },
        },
        {
          // `name = "x"`; `role = task` in an instance profile: the key is a name, not a keyword.
          match: `\\b(${IDENT})\\s*(=)(?!=)`,
          captures: {
            1: { name: 'variable.other.property.iamx' },
            2: { name: 'keyword.operator.assignment.iamx' },
          },
        },
        {
          match: `(@)\\s*(${IDENT})`,
          captures: {
            1: { name: 'punctuation.definition.decorator.iamx' },
            2: { name: 'entity.name.function.decorator.iamx' },
          },
        },
        {
          // `trust service "..."`, `trust role x`, `trust anyone`.
          match: `\\b(trust)\\s+(${IDENT})`,
          captures: {
            1: { name: 'keyword.other.iamx' },
            2: { name: 'constant.language.trust-kind.iamx' },
          },
        },
        {
          match: `\\b(assumable)\\s+(by)\\s+(${IDENT})`,
          captures: {
            1: { name: 'keyword.other.iamx' },
            2: { name: 'keyword.other.iamx' },
            3: { name: 'constant.language.trust-kind.iamx' },
          },
        },
        {
          // Raw operator form: `when StringEqualsIgnoreCase(KEY, VALUES)`.
          match: `\\b(when)\\s+(${QNAME}|${IDENT})\\s*(\\()\\s*(${QNAME})?`,
          captures: {
            1: { name: 'keyword.control.conditional.iamx' },
            2: { name: 'support.function.operator.iamx' },
            3: { name: 'punctuation.section.parens.iamx' },
            4: { name: 'variable.other.constant.condition-key.iamx' },
          },
        },
        {
          // `when [any|all] KEY ...`: the qualified name after `when` is a condition key.
          match: `\\b(when)\\s+(?:(any|all)\\s+)?(${QNAME})`,
          captures: {
            1: { name: 'keyword.control.conditional.iamx' },
            2: { name: 'keyword.operator.expression.iamx' },
            3: { name: 'variable.other.constant.condition-key.iamx' },
          },
        },
        {
          // `when cel "..."`, `when abac "..."`.
          match: `\\b(when)\\s+(${IDENT})(?=\\s*")`,
          captures: {
            1: { name: 'keyword.control.conditional.iamx' },
            2: { name: 'keyword.other.condition-language.iamx' },
          },
        },
        {
          match: `^\\s*(${ITEM_WORDS.join('|')})\\b(?=\\s+[^\\s=])`,
          captures: { 1: { name: 'keyword.other.iamx' } },
        },
        {
          match: `\\b(${CLAUSE_WORDS.join('|')})\\b(?=\\s+[\\w"\\[])`,
          captures: { 1: { name: 'keyword.other.iamx' } },
        },
      ],
    },

    expressions: {
      patterns: [
        { include: '#comments' },
        { include: '#strings' },
        { include: '#keywords' },
        {
          match: `\\b(${BUILTIN_FUNCTIONS.join('|')})\\s*(?=\\()`,
          captures: { 1: { name: 'support.function.builtin.iamx' } },
        },
        {
          match: QNAME,
          name: 'support.function.action.iamx',
        },
        {
          match: SLASH_NAME,
          name: 'support.constant.role.iamx',
        },
        {
          // Durations before integers: `900s`, `1h`, `12h`, `7d`.
          match: '\\b([0-9]+)([smhd])\\b',
          name: 'constant.numeric.duration.iamx',
          captures: { 2: { name: 'keyword.other.unit.iamx' } },
        },
        { match: '\\b[0-9]+\\b', name: 'constant.numeric.integer.iamx' },
        {
          match: `\\b(${BUILTIN_VARIABLES.join('|')})\\b`,
          name: 'variable.language.iamx',
        },
        {
          match: `(${IDENT})\\s*(?=\\()`,
          captures: { 1: { name: 'entity.name.function.iamx' } },
        },
        {
          match: `(\\.)\\s*(${IDENT})`,
          captures: {
            1: { name: 'punctuation.accessor.iamx' },
            2: { name: 'variable.other.property.iamx' },
          },
        },
        {
          // A map key: `{ team: "data" }` (a space after the colon, or it would be one token).
          match: `(${IDENT})\\s*(:)(?=\\s)`,
          captures: {
            1: { name: 'variable.other.property.iamx' },
            2: { name: 'punctuation.separator.key-value.iamx' },
          },
        },
        { match: '\\*', name: 'constant.language.wildcard.iamx' },
        { match: '==|!=|<=|>=|<|>', name: 'keyword.operator.comparison.iamx' },
        { match: '->', name: 'keyword.operator.arrow.iamx' },
        { match: '=', name: 'keyword.operator.assignment.iamx' },
        { match: ',', name: 'punctuation.separator.comma.iamx' },
        { match: ':', name: 'punctuation.separator.key-value.iamx' },
        { match: '\\.', name: 'punctuation.accessor.iamx' },
        { match: '@', name: 'punctuation.definition.decorator.iamx' },
        { match: '[{}]', name: 'punctuation.section.braces.iamx' },
        { match: '[()]', name: 'punctuation.section.parens.iamx' },
        { match: '[\\[\\]]', name: 'punctuation.section.brackets.iamx' },
        { match: IDENT, name: 'variable.other.readwrite.iamx' },
        // Anything else is a character the lexer rejects.
        { match: '[^\\s]', name: 'invalid.illegal.character.iamx' },
      ],
    },

    keywords: {
      patterns: [
        { match: words(RESERVED_KINDS), name: 'storage.type.declaration.iamx' },
        ...Object.entries(KEYWORDS).map(([name, list]) => ({ match: words(list), name })),
      ],
    },

    'type-names': {
      patterns: [
        { match: IDENT, name: 'entity.name.type.iamx' },
        { match: '[\\[\\]]', name: 'punctuation.section.brackets.iamx' },
        { match: ',', name: 'punctuation.separator.comma.iamx' },
      ],
    },

    strings: {
      name: 'string.quoted.double.iamx',
      begin: '"',
      beginCaptures: { 0: { name: 'punctuation.definition.string.begin.iamx' } },
      // A string ends at its quote, or (unterminated) at the end of the line, as in the lexer.
      end: '"|$',
      endCaptures: { 0: { name: 'punctuation.definition.string.end.iamx' } },
      patterns: [
        { match: '\\\\(?:["\\\\nt$]|u\\{[0-9A-Fa-f]{1,6}\\})', name: 'constant.character.escape.iamx' },
        { match: '\\\\.?', name: 'invalid.illegal.escape.iamx' },
        {
          // An IAM policy variable: anything with a colon, or one of `* ? $`. It reaches the
          // output as IAM means it.
          match: '(\\$\\{)([^}:"]*:[^}"]*|[*?$])(\\})',
          name: 'constant.other.placeholder.policy-variable.iamx',
          captures: {
            1: { name: 'punctuation.definition.policy-variable.begin.iamx' },
            3: { name: 'punctuation.definition.policy-variable.end.iamx' },
          },
        },
        {
          // `${name}`, `${name.attr}`: an iamx binding.
          name: 'meta.interpolation.iamx',
          begin: '\\$\\{',
          beginCaptures: { 0: { name: 'punctuation.definition.template-expression.begin.iamx' } },
          end: '\\}|(?=")|$',
          endCaptures: { 0: { name: 'punctuation.definition.template-expression.end.iamx' } },
          patterns: [
            // `${a b}`: one path only, as in the lexer.
            { match: `(?<=[A-Za-z0-9_])\\s+${IDENT}`, name: 'invalid.illegal.interpolation.iamx' },
            { match: `\\b(${BUILTIN_VARIABLES.join('|')})\\b`, name: 'variable.language.iamx' },
            { match: IDENT, name: 'variable.other.readwrite.iamx' },
            { match: '\\.', name: 'punctuation.accessor.iamx' },
            { match: '[^\\s}"]', name: 'invalid.illegal.interpolation.iamx' },
          ],
        },
      ],
    },
  },
};

const markdownInjection = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  fileTypes: [],
  injectionSelector: 'L:text.html.markdown',
  scopeName: 'markdown.iamx.codeblock',
  patterns: [{ include: '#iamx-code-block' }],
  repository: {
    'iamx-code-block': {
      begin: '(^|\\G)(\\s*)(`{3,}|~{3,})\\s*(?i:(iamx)((\\s+|:|,|\\{|\\?)[^`]*)?$)',
      name: 'markup.fenced_code.block.markdown',
      end: '(^|\\G)(\\2|\\s{0,3})(\\3)\\s*$',
      beginCaptures: {
        3: { name: 'punctuation.definition.markdown' },
        4: { name: 'fenced_code.block.language.markdown' },
        5: { name: 'fenced_code.block.language.attributes.markdown' },
      },
      endCaptures: { 3: { name: 'punctuation.definition.markdown' } },
      patterns: [
        {
          begin: '(^|\\G)(\\s*)(.*)',
          while: '(^|\\G)(?!\\s*([`~]{3,})\\s*$)',
          contentName: 'meta.embedded.block.iamx',
          patterns: [{ include: 'source.iamx' }],
        },
      ],
    },
  },
};

const outputs = {
  'iamx.tmLanguage.json': grammar,
  'iamx.markdown.tmLanguage.json': markdownInjection,
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = [];
  for (const [file, value] of Object.entries(outputs)) {
    const path = new URL(file, import.meta.url);
    const text = `${JSON.stringify(value, null, 2)}\n`;
    if (check) {
      let current = '';
      try { current = readFileSync(path, 'utf8'); } catch { /* missing: stale */ }
      if (current !== text) stale.push(file);
    } else {
      writeFileSync(path, text);
    }
  }
  if (stale.length > 0) {
    console.error(`stale: ${stale.join(', ')}; run \`npm run build:grammar\` in editors/vscode`);
    process.exit(1);
  }
}
