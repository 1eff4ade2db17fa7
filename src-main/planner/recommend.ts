import type { Estimate } from './estimate';
import type { ResolvedRequest } from './resolve-request';
import type { Alternative, Recommendation, VllmSettings } from './types';
export function recommend(r: ResolvedRequest, e: Estimate, settings: VllmSettings): { settings: VllmSettings; recommendations: Recommendation[]; alternatives: Alternative[] } {
  void r; void e;
  return { settings, recommendations: [], alternatives: [] };
}
