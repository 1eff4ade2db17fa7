import type { GpuReport } from './types';

function mib(value: number | undefined): string {
  return value === undefined ? '-' : `${value} MiB`;
}

/** Left-aligned columns, two spaces apart. */
function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

/** The readable form of `serve-doctor gpus`. */
export function formatGpuReport(report: GpuReport): string {
  const lines: string[] = [];
  if (report.gpus.length) {
    const header = ['GPU', 'Name', 'Total', 'Used', 'Free', 'CC', 'Driver', 'CUDA', 'Source'];
    const rows = report.gpus.map((gpu) => [
      `${gpu.vendor === 'NVIDIA' ? '' : `${gpu.vendor} `}${gpu.index}`,
      gpu.name,
      mib(gpu.memoryTotalMiB),
      mib(gpu.memoryUsedMiB),
      mib(gpu.memoryFreeMiB),
      gpu.computeCapability ?? '-',
      gpu.driverVersion ?? '-',
      gpu.cudaVersion ?? '-',
      gpu.sources.join('+'),
    ]);
    lines.push(...columns([header, ...rows]));
    const processes = report.gpus.flatMap((gpu) =>
      (gpu.processes ?? []).map((p) => [`  GPU ${gpu.index}`, `pid ${p.pid}`, p.name, mib(p.usedMiB)]),
    );
    if (processes.length) lines.push('', 'Processes using GPU memory:', ...columns(processes));
    lines.push('');
  }
  lines.push(`Status: ${report.status} — ${report.statusMessage}`);
  for (const warning of report.warnings) lines.push(`Note: ${warning}`);
  if (report.system) {
    const s = report.system;
    const osName = s.osName ? `${s.osName} (${s.os} ${s.arch}${s.wsl ? ', WSL' : ''})` : `${s.os} ${s.arch}`;
    lines.push(`System: ${osName}, RAM ${(s.ramTotalMiB / 1024).toFixed(1)} GiB`);
  }
  return lines.join('\n') + '\n';
}
