/** Field-name hints for inference. Names are lower-cased and split on `_`, `-`, spaces and case. */
function words(name: string): string {
  return `_${name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')}_`
}

const MONEY =
  /_(price|amount|total|cost|fee|fees|balance|salary|revenue|tax|payment|subtotal|discount|charge|paid|due)_|_(usd|eur|gbp)_/
const BOOLEAN = /^_(is|has|can|should|was)_|_(flag|active|enabled|deleted|verified|valid)_$/
const PERSONAL =
  /_(e_?mail|phone|mobile|ssn|social_security|name|first_?name|last_?name|surname|address|street|birth|birthday|dob|born|passport|tax_id|national_id|ip)_/

/** True when the name suggests money (price, amount, total, cost…). */
export function isMoneyName(name: string): boolean {
  return MONEY.test(words(name))
}

/** True when the name suggests a flag (is_*, has_*, *_active…). */
export function isBooleanName(name: string): boolean {
  return BOOLEAN.test(words(name))
}

/** True when the name suggests personal data (email, phone, ssn, name, address, birth…). */
export function isPersonalName(name: string): boolean {
  return PERSONAL.test(words(name))
}
