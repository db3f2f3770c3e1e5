import type { FieldType } from '../model/index.js'
import { coerceBool, coerceDecimal, coerceFloat, coerceInt } from '../validate/coerce.js'
import { isDateString, timestampMs } from '../validate/temporal.js'
import { isBooleanName, isMoneyName } from './name-hints.js'

const INT = /^[+-]?\d+$/

/** Most fraction digits for a money field to be a `decimal` rather than a `float`. */
const MONEY_DIGITS = 4

/** Fraction digits of a number's plain decimal text; Infinity for exponent forms. */
function fractionDigits(text: string): number {
  if (/e/i.test(text)) return Infinity
  const dot = text.indexOf('.')
  return dot === -1 ? 0 : text.length - dot - 1
}

/** `decimal` for money-like names whose values all have few fraction digits, else `float`. */
function realType(name: string, texts: readonly string[], exact: boolean): FieldType {
  const money = isMoneyName(name) && exact
  return money && texts.every((t) => fractionDigits(t) <= MONEY_DIGITS) ? 'decimal' : 'float'
}

/**
 * The type of CSV-like text values by the rules of the validator's coerce mode: int, then
 * decimal/float, bool, date, timestamp; `string` when no single rule fits every value.
 */
export function textType(name: string, texts: readonly string[]): FieldType {
  if (texts.length === 0) return 'string'
  // Leading zeros (zip codes, phone numbers) and integers past 2^53 (long ids) are identifiers.
  if (texts.some((t) => /^[+-]?0\d/.test(t) || (INT.test(t) && coerceInt(t) === undefined)))
    return texts.every(isDateString) ? 'date' : 'string'
  const allBool = texts.every((t) => coerceBool(t) !== undefined)
  const zeroOne = texts.every((t) => t === '0' || t === '1')
  if (allBool && (!zeroOne || isBooleanName(name))) return 'bool'
  const allInt = texts.every((t) => coerceInt(t) !== undefined)
  const allDecimal = texts.every((t) => coerceDecimal(t) !== undefined)
  if (allInt && !(isMoneyName(name) && allDecimal)) return 'int'
  if (allDecimal || texts.every((t) => coerceFloat(t) !== undefined))
    return realType(name, texts, allDecimal)
  if (texts.every(isDateString)) return 'date'
  if (texts.every((t) => !Number.isNaN(timestampMs(t, false)))) return 'timestamp'
  return 'string'
}

/** The type of typed numbers: `int` when all are safe integers, else decimal or float. */
export function numberType(name: string, numbers: readonly number[]): FieldType {
  if (numbers.every((n) => Number.isSafeInteger(n)) && !isMoneyName(name)) return 'int'
  return realType(name, numbers.map(String), true)
}

/** The type of typed strings: date or timestamp (with an offset, as strict mode wants) or string. */
export function stringType(strings: readonly string[]): FieldType {
  if (strings.length > 0 && strings.every(isDateString)) return 'date'
  if (strings.length > 0 && strings.every((s) => !Number.isNaN(timestampMs(s, true))))
    return 'timestamp'
  return 'string'
}
