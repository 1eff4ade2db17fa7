/**
 * CUDA out-of-memory: the text is PyTorch's; which phase ran out decides the fix. The phase comes
 * from the innermost stack frame or the last vLLM phase line before the OOM.
 */
import { rulePattern } from '../patterns';
import type { RuleContext, Signal } from '../rule-api';
import { num, round, toMiB } from './helpers';

export type OomPhase = 'weights' | 'warmup' | 'cudagraph' | 'kv-alloc' | 'unknown';

/** Out-of-memory texts beyond the catalog's (plain CUDA runtime errors, wrapped forms). */
const EXTRA_OOM = rulePattern(
  /torch\.(?:cuda\.)?OutOfMemoryError(?::\s*CUDA out of memory)?|CUDA out of memory|CUDA error: out of memory|CUDA runtime error: out of memory|cudaErrorMemoryAllocation|RuntimeError: CUDA out of$/gim,
);

const PHASE_MARKERS: ReadonlyArray<{ phase: OomPhase; pattern: RegExp }> = [
  {
    phase: 'cudagraph',
    pattern:
      /capture_model|_capture_cudagraphs|capture_end|capture_begin|torch\.cuda\.graph|cuda_graph|cudagraph|Capturing (?:CUDA )?graph|Capturing cudagraphs|Capturing the model for CUDA graphs|CUDA graphs can take additional/gi,
  },
  {
    phase: 'warmup',
    pattern:
      /profile_run|_dummy_run|_dummy_sampler_run|_dummy_pooler_run|determine_available_memory|determine_num_available_blocks|compile_or_warm_up_model|warming up sampler|Memory profiling|Model loading took|Loading model weights took/gi,
  },
  {
    phase: 'kv-alloc',
    pattern:
      /_allocate_kv_cache|initialize_kv_cache|_init_cache_engine|CacheEngine\(|initialize_cache|_reshape_kv_cache/gi,
  },
  {
    phase: 'weights',
    pattern:
      /load_model|load_weights|model_loader|create_weights|_create_weight\b|Failed to create \w+ linear weights|_initialize_model|initialize_model|Starting to load model|Loading (?:safetensors )?checkpoint|model_executor\/models\/\w+\.py", line \d+, in __init__|Failed to load model - not enough GPU memory/gi,
  },
];

interface PhaseMatch {
  offset: number;
  phase: OomPhase;
  signal: Signal;
}

/** A phase marker found at `offset`, with its evidence line. */
function phaseAt(ctx: RuleContext, offset: number, phase: OomPhase): PhaseMatch {
  const signal: Signal = {
    messageId: `phase-${phase}`,
    diagnosis: '',
    groups: {},
    offset,
    evidence: ctx.doc.evidenceAt(offset),
  };
  return { offset, phase, signal };
}

/** The phase line nearest after `offset` (within a few screens), when none came before. */
function nearestMarkerAfter(ctx: RuleContext, offset: number): PhaseMatch | undefined {
  const text = ctx.doc.text;
  let best: PhaseMatch | undefined;
  for (const marker of PHASE_MARKERS) {
    marker.pattern.lastIndex = offset;
    const match = marker.pattern.exec(text);
    marker.pattern.lastIndex = 0;
    if (!match || match.index > offset + 6000) continue;
    if (!best || match.index < best.offset) {
      best = phaseAt(ctx, match.index, marker.phase);
    }
  }
  return best;
}

export const PHASE_PATTERNS: readonly RegExp[] = PHASE_MARKERS.map((marker) => marker.pattern);

export interface OomReport {
  signals: Signal[];
  phase: OomPhase;
  phaseEvidence?: Signal;
  /** Memory numbers from the OOM text. */
  triedToAllocateMiB?: number;
  totalGiB?: number;
  freeMiB?: number;
  pytorchAllocatedGiB?: number;
  allocatedGiB?: number;
  /** "Process N has X memory in use", in GiB, in order. */
  processesGiB: number[];
}

const PROCESS_IN_USE = rulePattern(/Process (\d+) has ([\d.]+) (GiB|MiB|KiB|bytes) memory in use/g);

/** Reads every OOM in the document and decides the phase of the first. */
export function readOom(ctx: RuleContext): OomReport | null {
  const signals = [...ctx.signalsFor('cuda-oom'), ...ctx.find('extra-oom', EXTRA_OOM)];
  const known = new Set<number>();
  const unique = signals
    .sort((a, b) => a.offset - b.offset)
    .filter((signal) => {
      if (known.has(signal.evidence.line)) return false;
      known.add(signal.evidence.line);
      return true;
    });
  if (!unique.length) return null;
  const first = unique[0];
  const report: OomReport = { signals: unique, phase: 'unknown', processesGiB: [] };

  // The phase: the marker closest before the OOM (the innermost frame), within this traceback.
  const text = ctx.doc.text;
  const windowStart = Math.max(0, first.offset - 12000);
  let best: PhaseMatch | undefined;
  for (const marker of PHASE_MARKERS) {
    marker.pattern.lastIndex = windowStart;
    for (
      let match = marker.pattern.exec(text);
      match && match.index < first.offset + 400;
      match = marker.pattern.exec(text)
    ) {
      if (!best || match.index > best.offset) {
        best = phaseAt(ctx, match.index, marker.phase);
      }
    }
    marker.pattern.lastIndex = 0;
  }
  // Nothing before it: consoles that print newest first, or Ray's de-duplicated worker lines,
  // put the phase line after the OOM. Take the nearest one after.
  if (!best) best = nearestMarkerAfter(ctx, first.offset);
  if (best) {
    report.phase = best.phase;
    report.phaseEvidence = best.signal;
  }

  const g = first.groups;
  // The OOM message may be hard-wrapped over several lines: read it as one.
  const lineStart = first.offset - ctx.doc.lineAt(first.offset).text.length;
  const nextOom = text
    .slice(first.offset + 60, first.offset + 1500)
    .search(/out of memory|OutOfMemoryError/i);
  const messageEnd = nextOom >= 0 ? first.offset + 60 + nextOom : first.offset + 1500;
  const oomLine = text.slice(Math.max(0, lineStart), messageEnd).replace(/\s+/g, ' ');
  const alloc = num(g.alloc);
  if (alloc !== undefined && g.alloc_unit) report.triedToAllocateMiB = round(toMiB(alloc, g.alloc_unit), 2);
  const legacy =
    /Tried to allocate ([\d.]+) ([KMGT]iB) \(GPU \d+; ([\d.]+) GiB total capacity; ([\d.]+) GiB already allocated; ([\d.]+) ([KMG]iB) free/.exec(
      oomLine,
    );
  const modern =
    /Tried to allocate ([\d.]+) ([KMGT]iB)\. GPU\s*\d*\s+has a total capac(?:i)?ty of ([\d.]+) GiB of which ([\d.]+) (GiB|MiB|KiB|bytes) is free/.exec(
      oomLine,
    );
  const tried = /Tried to allocate ([\d.]+) ([KMGT]iB)/.exec(oomLine);
  if (tried) report.triedToAllocateMiB = round(toMiB(Number(tried[1]), tried[2]), 2);
  if (modern) {
    report.triedToAllocateMiB = round(toMiB(Number(modern[1]), modern[2]), 2);
    report.totalGiB = Number(modern[3]);
    report.freeMiB = round(toMiB(Number(modern[4]), modern[5]), 2);
  } else if (legacy) {
    report.triedToAllocateMiB = round(toMiB(Number(legacy[1]), legacy[2]), 2);
    report.totalGiB = Number(legacy[3]);
    report.allocatedGiB = Number(legacy[4]);
    report.freeMiB = round(toMiB(Number(legacy[5]), legacy[6]), 2);
  }
  const byPyTorch = /Of the allocated memory ([\d.]+) (GiB|MiB) is allocated by PyTorch/.exec(oomLine);
  if (byPyTorch) report.pytorchAllocatedGiB = round(toMiB(Number(byPyTorch[1]), byPyTorch[2]) / 1024, 2);
  PROCESS_IN_USE.lastIndex = 0;
  for (let match = PROCESS_IN_USE.exec(oomLine); match; match = PROCESS_IN_USE.exec(oomLine)) {
    report.processesGiB.push(round(toMiB(Number(match[2]), match[3]) / 1024, 2));
  }
  PROCESS_IN_USE.lastIndex = 0;
  return report;
}

/** Memory held by other processes: every listed process but the largest (this one, usually). */
export function otherProcessesGiB(report: OomReport): number[] {
  if (report.processesGiB.length < 2) return [];
  const largest = Math.max(...report.processesGiB);
  const index = report.processesGiB.indexOf(largest);
  return report.processesGiB.filter((_, i) => i !== index);
}
