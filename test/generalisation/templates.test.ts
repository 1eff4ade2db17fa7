/**
 * Every vLLM message template of the research catalog, instantiated with plausible numbers and
 * wrapped in the shapes real pasted logs have. The first finding must be the template's diagnosis,
 * evidence must point at lines that carry the message, and nothing is sure without evidence.
 *
 * Cases the engine gets wrong today are `it.fails` (see KNOWN_FAILURES): they keep the suite green
 * and flip to a failure — to be moved back to `it` — once the engine is fixed.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseText } from '../../src-main/diagnosis';
import {
  SHAPES,
  TEMPLATES,
  asRaised,
  evidenceProblems,
  instantiate,
  levelOf,
  summary,
  type MessageTemplate,
} from './helpers';

/**
 * Templates whose expected first finding is not the catalog's diagnosis, with the reason. Keep it
 * short: an entry here says the catalog's mapping is wrong for a message on its own.
 */
const EXPECTED_INSTEAD: Record<string, { id: string; reason: string }> = {};

/** `templateId::shape` → why the engine fails it today (none at present). */
const KNOWN_FAILURES: Record<string, string> = {};

function expectedFor(template: MessageTemplate): string {
  return EXPECTED_INSTEAD[template.id]?.id ?? template.diagnosis;
}

describe('research catalog data', () => {
  it('has the 103 templates the engine catalog has', () => {
    expect(TEMPLATES).toHaveLength(103);
    for (const template of TEMPLATES) expect(() => instantiate(template)).not.toThrow();
  });

  it('instantiates every template so that its own regex matches', () => {
    const misses = TEMPLATES.filter(
      (template) => !new RegExp(template.regex, 'm').test(instantiate(template)),
    );
    expect(misses.map((template) => template.id)).toEqual([]);
  });

  it('lists only known templates and shapes among the known failures', () => {
    const ids = new Set(TEMPLATES.map((template) => template.id));
    const shapes = new Set(SHAPES.map((shape) => shape.name));
    for (const key of Object.keys(KNOWN_FAILURES)) {
      const [id, shape] = key.split('::');
      expect(ids.has(id), key).toBe(true);
      expect(shapes.has(shape), key).toBe(true);
    }
  });
});

for (const template of TEMPLATES) {
  describe(`${template.id} → ${expectedFor(template)}`, () => {
    const message = instantiate(template);
    const raised = asRaised(template, message);
    for (const shape of SHAPES) {
      const known = KNOWN_FAILURES[`${template.id}::${shape.name}`];
      const test = known ? it.fails : it;
      test(known ? `${shape.name} [known failure: ${known}]` : shape.name, () => {
        const text = shape.build(raised, message, levelOf(template));
        const report = diagnoseText(text);
        expect(report.findings[0]?.id, `findings: ${summary(report)}\n--- input ---\n${text}`).toBe(
          expectedFor(template),
        );
        expect(evidenceProblems(report, text, raised)).toEqual([]);
      });
    }
  });
}

describe('targeted generalisation probes', () => {
  const gpuConfig =
    "INFO 11-18 13:40:00 [core.py:61] Initializing a V1 LLM engine (v0.9.2) with config: model='Qwen/Qwen3-8B', max_seq_len=131072, tensor_parallel_size=1, device_config=cuda";
  const wholeGiB =
    "(EngineCore_DP0 pid=5) ERROR 11-18 13:44:09 [core.py:842] ValueError: To serve at least one request with the models's max seq len (131072), (16.00 GiB KV cache is needed, which is larger than the available KV cache memory (8.00 GiB). Based on the available memory, the estimated maximum model length is 65536. Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.";

  it('GPU log (device_config=cuda) whose available KV memory is a whole number of GiB stays kv-cache-insufficient', () => {
    const report = diagnoseText([gpuConfig, wholeGiB].join('\n'));
    expect(report.findings[0]?.id, summary(report)).toBe('kv-cache-insufficient');
  });

  it('a non-whole available KV memory on the same log is kv-cache-insufficient', () => {
    const report = diagnoseText([gpuConfig, wholeGiB.replace('(8.00 GiB)', '(8.13 GiB)')].join('\n'));
    expect(report.findings[0]?.id).toBe('kv-cache-insufficient');
  });

  it('the same message printed by 4 ranks is one piece of evidence with repeats', () => {
    const template = TEMPLATES.find((entry) => entry.id === 'sampler-warmup-oom');
    if (!template) throw new Error('sampler-warmup-oom template missing');
    const message = instantiate(template);
    const shape = SHAPES.find((entry) => entry.name === 'vllmworker-4-ranks');
    if (!shape) throw new Error('shape missing');
    const report = diagnoseText(shape.build(asRaised(template, message), message, 'ERROR'));
    expect(report.findings[0].evidence[0]).toMatchObject({ line: 1, repeats: 3 });
  });
});
