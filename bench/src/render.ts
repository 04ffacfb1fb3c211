import type { RowSummary } from './summary';

const figure = (value: number | undefined): string =>
  value === undefined ? '—' : value >= 100 ? String(Math.round(value)) : value.toFixed(1);

const ratioText = (row: RowSummary): string =>
  row.medianRatio === undefined ? '' : `${row.medianRatio.toFixed(2)}× ${row.baseline?.split(' ')[0] ?? ''}`;

const gateText = (row: RowSummary): string => {
  const failed = row.gates.filter((gate) => !gate.ok);
  return failed.length === 0
    ? `pass ×${row.gates.length}`
    : `FAIL ${failed.length}/${row.gates.length}: ${failed[0]?.detail ?? ''}`;
};

const columns = (row: RowSummary): string[] => [
  row.key,
  `${figure(row.median)} ${row.unit}`,
  row.figures.map(figure).join(' / '),
  ratioText(row),
  gateText(row),
  row.cpuMsMedian === undefined ? '' : `${Math.round(row.cpuMsMedian)} ms`,
  `${Math.round(row.peakRssMb)} MB${row.childPeakRssMb ? ` (+${Math.round(row.childPeakRssMb)} child)` : ''}`,
];

const HEADERS = ['row', 'median', 'per round', 'ratio', 'gate', 'CPU', 'peak RSS'];

/** The console table: padded columns. */
export const renderTable = (rows: RowSummary[]): string => {
  const cells = [HEADERS, ...rows.map(columns)];
  const widths = HEADERS.map((_, column) => Math.max(...cells.map((line) => line[column]?.length ?? 0)));
  return cells
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

/** The same table in Markdown (pipes in cells escaped). */
export const renderMarkdownTable = (rows: RowSummary[]): string => {
  const line = (cells: string[]): string =>
    `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(HEADERS), line(HEADERS.map(() => '---')), ...rows.map((row) => line(columns(row)))].join('\n');
};

/** Where we stand against each row's target (ingest ≥ 2× R1, runtime ≥ 3× R2, end-to-end p99 at 200/s). */
export const renderTargets = (rows: RowSummary[]): string[] =>
  rows
    .filter((row) => row.target !== undefined)
    .map((row) => {
      const target = row.target!;
      const state = target.met === undefined ? 'not measured' : target.met ? 'met' : 'NOT met';
      const at = target.ratioAtLeast !== undefined ? ratioText(row) : `${figure(row.median)} ${row.unit}`;
      return `${target.description}: ${state}${at ? ` (${at})` : ''}`;
    });

const BAR = 40;

/** Bars per unit, each relative to the fastest row of the same unit. */
export const renderAsciiChart = (rows: RowSummary[]): string => {
  const width = Math.max(...rows.map((row) => row.key.length));
  return rows
    .map((row) => {
      const top = Math.max(
        ...rows.filter((other) => other.unit === row.unit).map((other) => other.median ?? 0),
      );
      const length =
        row.median === undefined || top === 0 ? 0 : Math.max(1, Math.round((row.median / top) * BAR));
      return `${row.key.padEnd(width)} ${'#'.repeat(length).padEnd(BAR)} ${figure(row.median)} ${row.unit}`;
    })
    .join('\n');
};

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The same chart as SVG: one bar per row, log-free, relative to the fastest row of the same unit. */
export const renderSvgChart = (rows: RowSummary[]): string => {
  const [labelWidth, barWidth, lineHeight] = [470, 360, 22];
  const height = rows.length * lineHeight + 20;
  const bars = rows.map((row, index) => {
    const top = Math.max(
      ...rows.filter((other) => other.unit === row.unit).map((other) => other.median ?? 0),
    );
    const width = row.median === undefined || top === 0 ? 0 : Math.max(2, (row.median / top) * barWidth);
    const y = 10 + index * lineHeight;
    return [
      `<text x="${labelWidth - 6}" y="${y + 14}" text-anchor="end">${escapeXml(row.key)}</text>`,
      `<rect x="${labelWidth}" y="${y + 3}" width="${width.toFixed(1)}" height="${lineHeight - 6}" fill="${row.median === undefined ? '#c33' : '#4a7ab5'}"/>`,
      `<text x="${labelWidth + width + 6}" y="${y + 14}">${escapeXml(`${figure(row.median)} ${row.unit}`)}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 140}" height="${height}" font-family="sans-serif" font-size="12">`,
    ...bars,
    '</svg>',
    '',
  ].join('\n');
};
