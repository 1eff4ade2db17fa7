/**
 * Ranking: the root cause first. Higher confidence first; on a tie, the more specific rule; then
 * a finding that names another as its consequence (`outranks`) is moved before it. Generic
 * wrappers ("Engine core initialization failed", "Worker died", ray's ActorDiedError) are never
 * findings of their own, so they cannot outrank the cause printed above them.
 */
import type { Detection, Rule } from './rule-api';

export interface Ranked {
  rule: Rule;
  detection: Detection;
}

export function rankFindings(detected: Ranked[]): Ranked[] {
  const ordered = [...detected].sort(
    (a, b) =>
      b.detection.confidence - a.detection.confidence ||
      a.rule.meta.specificity - b.rule.meta.specificity ||
      (a.detection.evidence[0]?.line ?? 0) - (b.detection.evidence[0]?.line ?? 0),
  );
  // Move causes before their consequences; bounded passes so a cycle cannot loop forever.
  for (let pass = 0; pass < ordered.length; pass += 1) {
    let moved = false;
    for (let i = 0; i < ordered.length; i += 1) {
      const cause = ordered[i];
      for (const consequenceId of cause.detection.outranks ?? []) {
        const j = ordered.findIndex((entry) => entry.rule.meta.id === consequenceId);
        if (j >= 0 && j < i) {
          ordered.splice(i, 1);
          ordered.splice(j, 0, cause);
          moved = true;
          break;
        }
      }
      if (moved) break;
    }
    if (!moved) break;
  }
  return ordered;
}
