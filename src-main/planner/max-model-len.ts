/**
 * The longest `max_model_len` that fits, for diagnosis fixes when the log does not print it. Numbers the
 * log did print (KV cache GiB or tokens, weights, …) go in `observed` and win over the estimate.
 */
import { planLaunch } from './plan';
import type { PlanRequest } from './types';

export type FitQuestion = Omit<PlanRequest, 'recommend'>;

export function maxModelLenThatFits(question: FitQuestion): number {
  return planLaunch({ ...question, recommend: false }).maxModelLenThatFits;
}
