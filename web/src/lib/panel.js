// Expert panels (评审专家组, src/kinds/panel.c, src/domain/panel.c): a score sheet's total as the
// server computes it, scores as shown, and an expert's own review of one panel (GET /me/reviews).
import { api } from './api.js';
import { points } from './fields.js';

export { points };

const gcd = (a, b) => (b ? gcd(b, a % b) : a);

/**
 * A sheet's total in hundredths of a point out of 100: Σ weight × score ÷ max, rounded half up —
 * exactly (integers over the criteria's common denominator), as the server does. null while a
 * criterion has no score.
 */
export function totalC(criteria, scores) {
  if (!criteria?.length) return null;
  let den = 1n;
  for (const c of criteria) {
    const m = BigInt(c.max);
    den = (den / gcd(den, m)) * m;
  }
  let num = 0n;
  for (const c of criteria) {
    const v = scores?.[c.key];
    if (v === null || v === undefined || v === '' || !Number.isInteger(Number(v))) return null;
    num += BigInt(c.weight) * BigInt(v) * 100n * (den / BigInt(c.max));
  }
  return Number((2n * num + den) / (2n * den));
}

/** The criteria as one line: 技术先进性 50%（满分 10）、… */
export const criteriaLine = (criteria) => (criteria ?? []).map((c) => `${c.name} ${c.weight}%（满分 ${c.max}）`).join('、');

/** The signed-in expert's entry of GET /me/reviews for one panel (null: not on it). */
export async function myReview(panelId) {
  let cursor;
  for (let page = 0; page < 20; page++) {
    const r = await api.get('/me/reviews', { limit: 100, cursor });
    const hit = r.items.find((x) => x.panel_id === panelId);
    if (hit || !r.next_cursor) return hit ?? null;
    cursor = r.next_cursor;
  }
  return null;
}
