import type { Faker } from '@faker-js/faker'

type Make = (f: Faker) => string

/**
 * Plausible strings by field name, first match wins: names are lower-cased and tested whole or
 * by `_`-separated parts, so `customer_email` and `billing_city` find their generators.
 */
const BY_NAME: ReadonlyArray<readonly [RegExp, Make]> = [
  [/(^|_)(first_?name|given_?name|fname|forename)$/, (f) => f.person.firstName()],
  [/(^|_)(last_?name|surname|family_?name|lname)$/, (f) => f.person.lastName()],
  [/(^|_)middle_?name$/, (f) => f.person.middleName()],
  [/(^|_)(user_?name|login|handle|nickname)$/, (f) => f.internet.username()],
  [
    /(^|_)(company|employer|organi[sz]ation|org|vendor|supplier|merchant)(_name)?$/,
    (f) => f.company.name(),
  ],
  [/(^|_)(product|item)(_name)?$/, (f) => f.commerce.productName()],
  [/(^|_)city(_name)?$|(^|_)town$/, (f) => f.location.city()],
  [/(^|_)country_?code$/, (f) => f.location.countryCode('alpha-2')],
  [/(^|_)country(_name)?$/, (f) => f.location.country()],
  [/(^|_)(state|province|region)$/, (f) => f.location.state()],
  [/(^|_)(zip|zip_?code|postal_?code|postcode)$/, (f) => f.location.zipCode()],
  [/(^|_)(street|address|address_?line_?\d?|street_?address)$/, (f) => f.location.streetAddress()],
  [/(^|_)(full_?name|name|display_?name|contact|customer|owner)$/, (f) => f.person.fullName()],
  [/e_?mail/, (f) => f.internet.email().toLowerCase()],
  [/phone|mobile|(^|_)tel$|fax/, (f) => f.phone.number({ style: 'international' })],
  [/(^|_)(url|website|homepage|link|uri)$/, (f) => f.internet.url()],
  [/(^|_)(domain|host|hostname)$/, (f) => f.internet.domainName()],
  [/(^|_)ip(_?address|v4)?$/, (f) => f.internet.ipv4()],
  [/(^|_)currency(_code)?$|(^|_)ccy$/, (f) => f.finance.currencyCode()],
  [/(^|_)iban$/, (f) => f.finance.iban()],
  [/(^|_)(account|account_?(no|number))$/, (f) => f.finance.accountNumber()],
  [/(^|_)(job|job_?title|title|role|position)$/, (f) => f.person.jobTitle()],
  [/(^|_)(gender|sex)$/, (f) => f.person.sex()],
  [/(^|_)colou?r$/, (f) => f.color.human()],
  [/(^|_)(category|department)$/, (f) => f.commerce.department()],
  [/(^|_)status$/, (f) => f.helpers.arrayElement(['active', 'pending', 'inactive'])],
  [
    /(^|_)(description|comment|comments|note|notes|summary|bio|message|text|remarks)$/,
    (f) => f.lorem.sentence(),
  ],
  [/(^|_)(price|amount|total|cost|fee|balance)$/, (f) => f.commerce.price()],
  [/(^|_)(qty|quantity|count)$/, (f) => String(f.number.int({ min: 1, max: 100 }))],
  [/(^|_)(uuid|guid)$/, (f) => f.string.uuid()],
  [/(^|_)(sku|code|ref|reference)$/, (f) => f.string.alphanumeric({ length: 8, casing: 'upper' })],
  [/(^|_)id$|_id$/, (f) => f.string.alphanumeric({ length: 12, casing: 'upper' })],
]

/** A generator of plausible strings for a field called `name`, if its name suggests one. */
export function plausibleString(name: string): Make | undefined {
  const key = name.toLowerCase().replace(/[^a-z0-9]+/g, '_')
  return BY_NAME.find(([test]) => test.test(key))?.[1]
}
