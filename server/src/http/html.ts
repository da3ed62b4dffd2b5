/** Text for HTML (element content or a quoted attribute value): & < > " ' become numeric references. */
export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
