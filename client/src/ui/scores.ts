import { MOAAS } from '../../../server/src/contract/observations.ts';

/** Pain on the numeric rating scale, 0 none to 10 worst. */
export const PAIN_SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
/** MOAA/S, awake (5) first. */
export const MOAAS_SCORES = [5, 4, 3, 2, 1, 0] as const;
export const moaasText = (score: number): string => MOAAS[score as keyof typeof MOAAS];
