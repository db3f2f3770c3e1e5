import type { FieldSpec, UnknownFields } from '../model/index.js'
import { type CodeBuilder, type Site, errorCode } from './code-builder.js'
import {
  emitBounds,
  emitCheck,
  emitEnum,
  emitFormat,
  emitLength,
  emitPattern,
  emitUnique,
} from './emit-constraints.js'
import { emitInputFormat } from './emit-input-format.js'

/** Known member names up to this count are tested with `===` chains, more with a Set. */
const INLINE_KEYS = 12
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** Helpers that convert a string in coerce mode, by field type. */
const COERCE_HELPER: Partial<Record<FieldSpec['type'], string>> = {
  int: 'C_INT',
  float: 'C_FLOAT',
  decimal: 'C_DECIMAL',
  bool: 'C_BOOL',
}

/** Whether validated output differs from input: coerce mode, or a `drop` policy underneath. */
export function needsCopy(b: CodeBuilder, spec: FieldSpec, policy: UnknownFields): boolean {
  if (spec.type === 'array') {
    return spec.items !== undefined && (b.coerce || needsCopy(b, spec.items, policy))
  }
  if (spec.type !== 'object') return false
  return objectNeedsCopy(b, spec.fields ?? {}, spec.unknown_fields ?? policy)
}

/** Whether an object with `fields` under `policy` is rebuilt rather than passed through. */
export function objectNeedsCopy(
  b: CodeBuilder,
  fields: Readonly<Record<string, FieldSpec>>,
  policy: UnknownFields,
): boolean {
  if (b.coerce || policy === 'drop') return true
  return Object.values(fields).some((f) => needsCopy(b, f, policy))
}

function read(o: string, name: string): string {
  if (name in Object.prototype) return `OWN(${o}, ${JSON.stringify(name)})`
  return IDENTIFIER.test(name) ? `${o}.${name}` : `${o}[${JSON.stringify(name)}]`
}

function write(o: string, name: string, value: string): string {
  if (name === '__proto__') return `SET(${o}, "__proto__", ${value});`
  return IDENTIFIER.test(name)
    ? `${o}.${name} = ${value};`
    : `${o}[${JSON.stringify(name)}] = ${value};`
}

/**
 * Code that validates the members of the plain object in variable `o`; when `copy`, `o` ends up
 * holding a new object with the converted members (and kept unknown members).
 */
export function emitObjectBody(
  b: CodeBuilder,
  fields: Readonly<Record<string, FieldSpec>>,
  policy: UnknownFields,
  o: string,
  site: Site,
  copy: boolean,
): string {
  const names = Object.keys(fields)
  const vars = names.map(() => b.variable())
  let code = ''
  names.forEach((name, i) => {
    const spec = fields[name] as FieldSpec
    const v = vars[i] as string
    const member: Site = { path: [...site.path, { key: name }], pii: site.pii, member: true }
    code += `let ${v} = ${read(o, name)};\n${emitValue(b, spec, v, member, policy)}`
  })
  const k = b.variable('k')
  const known =
    names.length <= INLINE_KEYS
      ? names.length === 0
        ? 'false'
        : names.map((n) => `${k} === ${JSON.stringify(n)}`).join(' || ')
      : `${b.constant(new Set(names))}.has(${k})`
  if (policy === 'reject') {
    const hint = `HINT(${k}, ${b.constant(Object.freeze(names))})`
    const expected = b.constant(Object.freeze(names))
    code += `for (const ${k} in ${o}) if (!(${known})) ${errorCode(site, 'unknown_field', expected, `${o}[${k}]`, hint, k)}\n`
  }
  if (copy) {
    const out = b.variable('o')
    code += `const ${out} = {};\n`
    names.forEach((name, i) => {
      code += `if (${vars[i]} !== undefined) ${write(out, name, vars[i] as string)}\n`
    })
    if (policy === 'keep')
      code += `for (const ${k} in ${o}) if (!(${known})) SET(${out}, ${k}, ${o}[${k}]);\n`
    code += `${o} = ${out};\n`
  }
  return code
}

/** Code that converts (coerce mode) and validates variable `v`, leaving the output value in it. */
export function emitValue(
  b: CodeBuilder,
  spec: FieldSpec,
  v: string,
  at: Site,
  policy: UnknownFields,
): string {
  const site: Site = spec.pii && !at.pii ? { ...at, pii: true } : at
  let code = ''
  let bad = ''
  if (b.coerce && site.member)
    code += `if (${v} === '') ${v} = ${spec.nullable ? 'null' : 'undefined'};\n`
  if (b.coerce && COERCE_HELPER[spec.type] !== undefined) {
    const c = b.variable('c')
    code += `if (typeof ${v} === 'string') { const ${c} = ${COERCE_HELPER[spec.type]}(${v}); if (${c} !== undefined) ${v} = ${c} }\n`
  } else if (b.coerce && spec.input_format !== undefined) {
    bad = b.variable('bad')
    code += emitInputFormat(b, spec, v, site, bad)
  } else if (b.coerce && spec.type === 'json') {
    const c = b.variable('c')
    bad = b.variable('bad')
    code += `let ${bad} = false; if (typeof ${v} === 'string') { const ${c} = C_JSON(${v}); if (${c} === NOT_JSON) ${bad} = true; else ${v} = ${c} }\n`
  } else if (b.coerce && (spec.type === 'array' || spec.type === 'object')) {
    // Only a text of the right shape is taken, so a type error quotes the original text.
    const c = b.variable('c')
    const shape = spec.type === 'array' ? `Array.isArray(${c})` : `IS_PLAIN(${c})`
    code += `if (typeof ${v} === 'string') { const ${c} = C_JSON(${v}); if (${shape}) ${v} = ${c} }\n`
  }
  const absent = site.member
    ? spec.required
      ? errorCode(site, 'required', '"a value"', 'undefined')
      : ''
    : errorCode(site, 'type', JSON.stringify(spec.type), 'undefined')
  const onNull = spec.nullable ? '' : errorCode(site, 'nullable', '"not null"', 'null')
  code += `if (${v} === undefined) {${absent}} else if (${v} === null) {${onNull}} else {\n${emitTyped(b, spec, v, site, policy, bad)}}\n`
  if (spec.mask === undefined) return code
  // A masked value is valid as masked; hashes and tokens keep uniqueness, redaction does not.
  const masked = spec.mask === 'redact' ? '' : emitUnique(b, spec, v, site)
  return `if (MASKED(${JSON.stringify(spec.mask)}, ${v})) {${masked}} else {\n${code}}\n`
}

function typeError(spec: FieldSpec, v: string, site: Site): string {
  const expected =
    spec.input_format === undefined ? spec.type : `${spec.type} as ${spec.input_format}`
  return errorCode(site, 'type', JSON.stringify(expected), v)
}

function emitTyped(
  b: CodeBuilder,
  spec: FieldSpec,
  v: string,
  site: Site,
  policy: UnknownFields,
  bad: string,
): string {
  const common = (key = v): string => emitEnum(b, spec, v, site) + emitUnique(b, spec, v, site, key)
  const strings = (): string =>
    emitLength(b, spec, v, site) + emitPattern(b, spec, v, site) + emitFormat(b, spec, v, site)
  const fail = typeError(spec, v, site)
  switch (spec.type) {
    case 'string':
      return `if (typeof ${v} !== 'string') ${fail} else {\n${common()}${strings()}${emitBounds(b, spec, v, site)}${emitCheck(b, spec, v, site)}}\n`
    case 'int':
    case 'float':
    case 'decimal': {
      const test = spec.type === 'int' ? 'Number.isSafeInteger' : 'Number.isFinite'
      return `if (!${test}(${v})) ${fail} else {\n${common()}${emitBounds(b, spec, v, site)}${emitCheck(b, spec, v, site)}}\n`
    }
    case 'bool':
      return `if (typeof ${v} !== 'boolean') ${fail} else {\n${common()}${emitCheck(b, spec, v, site)}}\n`
    case 'date':
      return `if (${bad === '' ? '' : `${bad} || `}typeof ${v} !== 'string' || !IS_DATE(${v})) ${fail} else {\n${common()}${strings()}${emitBounds(b, spec, v, site)}${emitCheck(b, spec, v, site)}}\n`
    case 'timestamp': {
      const t = b.variable('t')
      const normalise = b.coerce ? `${v} = ISO(${v}, ${t});\n` : ''
      return `let ${t} = NaN; if (${bad === '' ? '' : `${bad} || `}typeof ${v} !== 'string' || (${t} = TS_MS(${v}, ${!b.coerce})) !== ${t}) ${fail} else {\n${normalise}${common(t)}${strings()}${emitBounds(b, spec, v, site, t)}${emitCheck(b, spec, v, site)}}\n`
    }
    case 'json':
      return `if (${bad === '' ? '' : `${bad} || `}!IS_JSON(${v})) ${fail} else {\n${emitUnique(b, spec, v, site, `JSON_KEY(${v})`)}${emitCheck(b, spec, v, site)}}\n`
    case 'array':
      return `if (!Array.isArray(${v})) ${fail} else {\n${emitArrayBody(b, spec, v, site, policy)}${emitUnique(b, spec, v, site, `JSON_KEY(${v})`)}${emitCheck(b, spec, v, site)}}\n`
    case 'object': {
      const own = spec.unknown_fields ?? policy
      const body = emitObjectBody(b, spec.fields ?? {}, own, v, site, needsCopy(b, spec, policy))
      return `if (!IS_PLAIN(${v})) ${fail} else {\n${body}${emitUnique(b, spec, v, site, `JSON_KEY(${v})`)}${emitCheck(b, spec, v, site)}}\n`
    }
  }
}

function emitArrayBody(
  b: CodeBuilder,
  spec: FieldSpec,
  v: string,
  site: Site,
  policy: UnknownFields,
): string {
  let code = emitLength(b, spec, v, site)
  if (spec.items === undefined) return code
  const i = b.variable('i')
  const w = b.variable('w')
  const item: Site = { path: [...site.path, { indexVar: i }], pii: site.pii, member: false }
  const copy = needsCopy(b, spec, policy)
  const out = b.variable('a')
  if (copy) code += `const ${out} = [];\n`
  code += `for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {\nlet ${w} = ${v}[${i}];\n${emitValue(b, spec.items, w, item, policy)}`
  code += copy ? `${out}.push(${w});\n}\n${v} = ${out};\n` : '}\n'
  return code
}
