/**
 * A registry of the regular expressions rule files run of their own (besides the catalog's), so
 * that a test can check every one of them for catastrophic backtracking.
 */
const registered: RegExp[] = [];

/** Registers and returns a rule's own pattern. */
export function rulePattern(pattern: RegExp): RegExp {
  registered.push(pattern);
  return pattern;
}

export function registeredRulePatterns(): readonly RegExp[] {
  return registered;
}
