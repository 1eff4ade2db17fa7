/**
 * The diagnosis engine's public surface.
 *   diagnoseText(text)            — a paste or a small file already in memory
 *   new DiagnosisSession().push() — line by line, for streaming ingestion of big files
 * Both paths run the same pipeline and give the same report.
 */
export { diagnoseText, DiagnosisSession } from './engine';
export type * from './types';
