import type { Schemas } from '../api/client';

export type { CaseAction, CaseSla, CaseState } from './api';
export type CaseClock = Schemas['CaseClock'];
