/** "$45.00" — from cents, through the decimal text, never float arithmetic. */
export function formatCad(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.trunc(abs / 100).toLocaleString('en-CA')}.${String(abs % 100).padStart(2, '0')} CAD`;
}
