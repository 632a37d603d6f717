/** Text for people: HTML escaping and money, counts and shares written the way a board paper writes them. */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML element content and quoted attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** £12.3m, -£450k: compact money in the scenario's currency (ISO 4217 code; an unknown code is written as a prefix). */
export function money(x: number, currency: string): string {
  let f = moneyFormats.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat('en-GB', {
        style: 'currency',
        currency,
        notation: 'compact',
        maximumSignificantDigits: 3,
      });
    } catch {
      f = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumSignificantDigits: 3 });
    }
    moneyFormats.set(currency, f);
  }
  const s = f.format(x);
  return f.resolvedOptions().style === 'currency' ? s : `${currency} ${s}`;
}

export function count(x: number): string {
  return new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(x);
}

export function percent(x: number, digits = 0): string {
  return `${(100 * x).toFixed(digits)} %`;
}

/** A number for a data table: full precision to the penny, no grouping (copyable). */
export function plain(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
