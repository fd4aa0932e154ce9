/** The demo city 连云港市 (320700): departments, divisions and residents, all deterministic from a seed. */
export * from './departments.ts';
export * from './people.ts';
export * from './regions.ts';
