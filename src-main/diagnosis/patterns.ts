/**
 * A registry of the regular expressions rule files run of their own (besides the catalog's), so
 * that a test can check every one of them for catastrophic backtracking.
 */
const registered: RegExp[] = [];

/**
 * Registers and returns a rule's own pattern. Pastes are often hard-wrapped, so each literal space
 * in the pattern matches any run of whitespace (line breaks included).
 */
export function rulePattern(pattern: RegExp): RegExp {
  const wrapProof = new RegExp(pattern.source.replace(/ (?![?*+{])/g, '\\s+'), pattern.flags);
  registered.push(wrapProof);
  return wrapProof;
}

export function registeredRulePatterns(): readonly RegExp[] {
  return registered;
}
