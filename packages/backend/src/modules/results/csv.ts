/**
 * CSV cells for spreadsheets: quoted, and a leading = + - @ (or tab/CR) neutralised with an
 * apostrophe so a value can never run as a formula (CSV injection).
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

export const UTF8_BOM = '\uFEFF';
