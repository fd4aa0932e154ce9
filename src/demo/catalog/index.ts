/**
 * The demo city's resource catalog: 1,071 resources with 12,492 information items from the 60 demo departments,
 * deterministic from a seed. The seeder resolves `departmentKey` to a department id and loads each resource.
 */
export {
  DEMO_CATALOG_TOTALS,
  DEMO_NOW,
  DEMO_PLANS,
  LEGAL_BASIS,
  buildDemoCatalog,
  toResourceInput,
} from './generate.ts';
export type { DemoResource } from './generate.ts';
export type { DepartmentPlan, Entry, KindCode, LegalBasis, Party } from './dsl.ts';
