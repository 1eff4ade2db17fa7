import type { ResolvedRequest } from '../resolve-request';
import type { PlanCommands, VllmSettings } from '../types';
export function writeAllCommands(settings: VllmSettings, r: ResolvedRequest): PlanCommands {
  void settings; void r;
  return { vllmServe: '', python: '', xinferenceLaunch: '', xinferenceWebUi: [], docker: '' };
}
