/**
 * @file tree-sitter grammar for iamx, a typed language for cloud IAM.
 * @license Apache-2.0
 *
 * The compiler's lexer (src/lexer/mod.rs) and grammar (grammar/iamx.lalrpop) are authoritative;
 * this grammar is for editors and accepts a superset of them on purpose:
 *
 * - Keywords are contextual (a word is a keyword only where the keyword can stand), so a
 *   declaration called `grant` or a property called `actions` still parses.
 * - Declarations share one generic form, `KIND NAME [(params)] [on SCOPE] { items }`, where KIND is
 *   any word: `role`, `policy`, `saml_provider`, `service_account`, `workload_identity_pool` and
 *   whatever comes next parse without a change here. Bodies accept every item, nested blocks
 *   included (`provider github_actions { ... }` inside a workload identity pool).
 * - The word lists below are the only place a new keyword needs to go, and only to make it a
 *   keyword node; highlighting of declaration kinds does not depend on them.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

// Declaration kinds the compiler knows today (section 2 of the language spec). Any other word in
// this position parses too, as an identifier.
const DECLARATION_KINDS = [
  'policy',
  'role',
  'user',
  'group',
  'instance_profile',
  'oidc_provider',
  'saml_provider',
  'template',
];

// Keywords that may also name a property, a path segment or an attribute (the compiler's
// `KeyName` and `AttrName`), plus the contextual words of the provider sections.
const KEY_WORDS = [
  'role', 'user', 'group', 'policy', 'test', 'allow', 'deny', 'actions',
  'target', 'grant', 'map', 'subject', 'via', 'to', 'except',
];

const COMPARISON_OPERATORS = ['==', '!=', '<', '<=', '>', '>=', 'in', 'like'];

const PREC = {
  call: 2,
  qualified: 2,
};

module.exports = grammar({
  name: 'iamx',

  word: $ => $.identifier,

  extras: $ => [/\s/, $.line_comment, $.block_comment, $.doc_comment],

  rules: {
    source_file: $ => repeat($._declaration),

    _declaration: $ => choice(
      $.attribute,
      $.use_declaration,
      $.param_declaration,
      $.let_declaration,
      $.function_declaration,
      $.test_declaration,
      $.target_declaration,
      $.grant,
      $.declaration,
    ),

    // ---- declarations ------------------------------------------------------------------------

    use_declaration: $ => seq(
      'use',
      field('module', choice($.path, $.string)),
      optional(seq('as', field('alias', $.identifier))),
    ),

    param_declaration: $ => seq(
      'param',
      choice(
        seq(field('name', $.identifier), ':', field('type', $.type)),
        // `name:Type` without a space is one qualified-name token, as in the compiler.
        field('name', alias($.qualified_name, $.typed_name)),
      ),
      optional(seq('=', field('default', $._expression))),
    ),

    let_declaration: $ => seq(
      'let',
      field('name', $.identifier),
      optional(seq(':', field('type', $.type))),
      '=',
      field('value', $._expression),
    ),

    function_declaration: $ => seq(
      'fn',
      field('name', $.identifier),
      field('parameters', $.parameters),
      optional(seq('->', field('return_type', $.type))),
      '=',
      field('body', $._expression),
    ),

    test_declaration: $ => seq(
      'test',
      field('name', $.string),
      field('body', $.block),
    ),

    target_declaration: $ => seq('target', field('cloud', $.identifier)),

    // `role task { ... }`, `template read(b: String) { ... }`, `service_account deploy { ... }`,
    // `deny_policy guard on project(p) { ... }`.
    declaration: $ => seq(
      field('kind', choice(...DECLARATION_KINDS, $.identifier)),
      field('name', $.identifier),
      optional(field('parameters', $.parameters)),
      optional(seq('on', field('scope', commaSep1($._expression)))),
      field('body', $.block),
    ),

    parameters: $ => seq('(', commaSep($.parameter), ')'),

    parameter: $ => choice(
      seq(field('name', $.identifier), ':', field('type', $.type)),
      field('name', alias($.qualified_name, $.typed_name)),
    ),

    type: $ => seq(
      field('name', $._key),
      optional(seq('[', commaSep($.type), ']')),
    ),

    block: $ => seq('{', repeat($._item), '}'),

    // ---- items -------------------------------------------------------------------------------

    _item: $ => choice(
      $.attribute,
      $.property,
      $.statement,
      $.trust,
      $.attach,
      $.inline,
      $.include,
      $.grant,
      $.mapping,
      $.expectation,
      $.declaration,
      $.directive,
      $.guard,
    ),

    property: $ => seq(field('key', $._key), '=', field('value', $._expression)),

    // `allow s3:GetObject on "arn:..." when ...`; `deny PERMS to MEMBERS except ...` (GCP).
    statement: $ => prec.right(seq(
      field('effect', choice('allow', 'deny')),
      optional('not'),
      field('actions', commaSep1($._expression)),
      optional(seq('on', optional('not'), field('resources', commaSep1($._expression)))),
      optional(seq('to', field('principals', commaSep1($._expression)))),
      optional(seq('except', field('except', commaSep1($._expression)))),
      repeat($.condition),
    )),

    // `trust service "ecs-tasks.amazonaws.com" when ...`, `trust anyone`, and the provider forms
    // `trust github subject S via POOL.PROVIDER`.
    trust: $ => prec.right(seq(
      'trust',
      field('kind', choice($._key, 'anyone')),
      optional(field('principals', commaSep1($._expression))),
      optional(seq('subject', field('subject', $._expression))),
      optional(seq('via', field('via', $._expression))),
      optional(seq('actions', field('actions', commaSep1($._expression)))),
      repeat($.condition),
    )),

    attach: $ => seq('attach', field('targets', commaSep1($._expression))),

    inline: $ => choice(
      seq('inline', optional(field('name', $.identifier)), field('body', $.block)),
      seq('inline', field('template', $.call)),
    ),

    include: $ => seq('include', field('template', choice($.call, $.path))),

    // `grant roles/run.developer on run.service(p, r, "shop") [to MEMBERS] [when ...]`.
    grant: $ => prec.right(seq(
      'grant',
      field('role', $._expression),
      'on',
      field('scope', commaSep1($._expression)),
      optional(seq('to', field('members', commaSep1($._expression)))),
      repeat($.condition),
    )),

    // `map google.subject = assertion.sub` in a workload identity pool provider.
    mapping: $ => seq('map', field('target', $.path), '=', field('value', $._expression)),

    // `oidc "https://token.actions.githubusercontent.com"`.
    directive: $ => seq(field('name', $.identifier), field('value', $.string)),

    // `accept when assertion.repository == repo`.
    guard: $ => prec.right(seq(field('name', $.identifier), repeat1($.condition))),

    expectation: $ => prec.right(seq(
      'expect',
      field('subject', $.path),
      choice(
        seq(
          choice('can', 'cannot'),
          field('actions', commaSep1($._expression)),
          'on',
          field('resources', commaSep1($._expression)),
        ),
        seq(
          optional('not'),
          'assumable',
          'by',
          field('kind', choice($._key, 'anyone')),
          optional(field('principals', commaSep1($._expression))),
        ),
      ),
      optional(seq('with', field('context', $._expression))),
    )),

    // ---- conditions --------------------------------------------------------------------------

    condition: $ => seq('when', choice(
      seq(
        optional(field('quantifier', choice('any', 'all'))),
        field('key', $._condition_key),
        field('operator', $.operator),
        field('value', $._expression),
        optional(seq('if', 'present')),
      ),
      seq(field('key', $._condition_key), optional('not'), 'exists'),
      // `when StringEqualsIgnoreCase(aws:PrincipalTag/team, "data")`.
      seq(
        field('operator', choice(
          alias($.identifier, $.raw_operator),
          alias($.qualified_name, $.raw_operator),
        )),
        field('arguments', $.arguments),
      ),
      // `when cel "request.time < timestamp(...)"`, `when abac "..."`.
      seq(field('language', $.identifier), field('source', $.string)),
    )),

    // A key is a qualified name, or a string that builds one (`"${eks.issuer}:sub"`).
    _condition_key: $ => choice(alias($.qualified_name, $.condition_key), $.path, $.string),

    operator: _ => choice(...COMPARISON_OPERATORS, seq('not', choice('in', 'like'))),

    // ---- attributes --------------------------------------------------------------------------

    attribute: $ => prec.right(seq(
      '@',
      field('name', $._key),
      optional(field('arguments', $.arguments)),
    )),

    arguments: $ => seq('(', commaSep(choice($._expression, $.named_argument)), optional(','), ')'),

    named_argument: $ => seq(field('name', $.identifier), '=', field('value', $._expression)),

    // ---- expressions -------------------------------------------------------------------------

    _expression: $ => choice(
      $.string,
      $.integer,
      $.duration,
      $.boolean,
      $.wildcard,
      $.qualified_name,
      $.slash_name,
      $.list,
      $.map,
      $.path,
      $.call,
    ),

    path: $ => prec.left(seq($.identifier, repeat(seq('.', $._key)))),

    call: $ => prec(PREC.call, seq(field('function', $.path), field('arguments', $.arguments))),

    list: $ => seq('[', commaSep($._expression), optional(','), ']'),

    // Entries each followed by a comma, the last one optionally (as the compiler's `Comma<T>`):
    // this shape lets the parser recover from a map cut after a comma (an editor mid-typing).
    map: $ => seq('{', repeat(seq($.map_entry, ',')), optional($.map_entry), '}'),

    map_entry: $ => choice(
      seq(field('key', choice($._key, $.string)), ':', field('value', $._expression)),
      // `{team:env}` without spaces is one qualified-name token, as in the compiler.
      field('key', alias($.qualified_name, $.typed_name)),
    ),

    boolean: _ => choice('true', 'false'),

    wildcard: _ => '*',

    integer: _ => /[0-9]+/,

    duration: _ => token(prec(1, /[0-9]+[smhd]/)),

    _key: $ => choice($.identifier, ...KEY_WORDS.map(k => alias(k, $.identifier))),

    identifier: _ => /[A-Za-z_][A-Za-z0-9_]*/,

    // Actions, condition keys and raw operators are one token: `s3:GetObject`, `ec2:Describe?pc*`,
    // `aws:PrincipalTag/team`, `token.actions.githubusercontent.com:sub`, `ForAnyValue:StringLike`,
    // `oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub`.
    qualified_name: _ => token(prec(PREC.qualified,
      /[A-Za-z][A-Za-z0-9_.\-\/]*:[A-Za-z0-9_*?\/.+=@:\-]+/)),

    // Names with a slash and no colon: GCP predefined roles `roles/run.developer`, Azure
    // operations `Microsoft.Compute/virtualMachines/read` and `*/read` (every provider's reads).
    slash_name: _ => token(prec(PREC.qualified, choice(
      /[A-Za-z][A-Za-z0-9_.\-]*\/[A-Za-z0-9_*?\/.\-]*/,
      /\*\/[A-Za-z0-9_*?\/.\-]+/,
    ))),

    // ---- strings -----------------------------------------------------------------------------

    string: $ => seq(
      '"',
      repeat(choice(
        $.string_content,
        $.escape_sequence,
        $.policy_variable,
        $.interpolation,
      )),
      token.immediate('"'),
    ),

    string_content: _ => token.immediate(prec(1, /[^"\\$\n]+|\$/)),

    escape_sequence: _ => token.immediate(/\\(["\\nt$]|u\{[0-9A-Fa-f]+\})/),

    // `${aws:username}`, `${aws:PrincipalTag/team, 'shared'}`, `${*}`, `${?}`, `${$}`: reach the
    // output as IAM means them.
    policy_variable: _ => token.immediate(prec(3, /\$\{([^}:"\n]*:[^}"\n]*|[*?$])\}/)),

    // `${env}`, `${current.account}`: an iamx binding.
    interpolation: $ => seq(
      token.immediate(prec(2, '${')),
      field('path', $.path),
      '}',
    ),

    // ---- comments ----------------------------------------------------------------------------

    doc_comment: _ => token(seq('///', /[^\n]*/)),

    line_comment: _ => token(/\/\/([^\/\n][^\n]*)?/),

    block_comment: _ => token(seq('/*', /[^*]*\*+([^/*][^*]*\*+)*/, '/')),
  },
});

/**
 * @param {RuleOrLiteral} rule
 * @returns {SeqRule}
 */
function commaSep1(rule) {
  return seq(rule, repeat(seq(',', rule)));
}

/**
 * @param {RuleOrLiteral} rule
 * @returns {ChoiceRule}
 */
function commaSep(rule) {
  return optional(commaSep1(rule));
}
