import type { Faker } from '@faker-js/faker'
import type { StringFormat } from '@runink/contracts'

/** Common codes to fall back on should Faker offer one the validator does not list. */
export const COMMON_COUNTRIES = [
  'US',
  'GB',
  'DE',
  'FR',
  'JP',
  'CA',
  'AU',
  'NL',
  'ES',
  'IT',
] as const
export const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CHF', 'CAD', 'AUD', 'SEK'] as const

/** A plausible value of each string format. */
export const FORMAT_VALUES: Readonly<Record<StringFormat, (f: Faker) => string>> = {
  email: (f) => f.internet.email().toLowerCase(),
  uuid: (f) => f.string.uuid(),
  uri: (f) => f.internet.url(),
  ipv4: (f) => f.internet.ipv4(),
  ipv6: (f) => f.internet.ipv6(),
  hostname: (f) => f.internet.domainName(),
  phone: (f) => f.phone.number({ style: 'international' }),
  country: (f) => f.location.countryCode('alpha-2'),
  currency: (f) => f.finance.currencyCode(),
}

/** Values of a format that carry more entropy, for `unique` fields once plain ones collide. */
export const FORMAT_VARIANTS: Readonly<Partial<Record<StringFormat, (f: Faker) => string>>> = {
  email: (f) =>
    `${f.internet
      .username()
      .toLowerCase()
      .replace(
        /[^a-z0-9._-]/g,
        '',
      )}.${f.string.alphanumeric(6).toLowerCase()}@${f.internet.domainName()}`,
  uri: (f) => `${f.internet.url({ appendSlash: false })}/${f.string.alphanumeric(8).toLowerCase()}`,
  hostname: (f) => `${f.string.alphanumeric(6).toLowerCase()}.${f.internet.domainName()}`,
  phone: (f) => `+1${f.string.numeric(10)}`,
}

/** Last resorts for formats over a closed list. */
export const FORMAT_LISTS: Readonly<Partial<Record<StringFormat, readonly string[]>>> = {
  country: COMMON_COUNTRIES,
  currency: COMMON_CURRENCIES,
}
