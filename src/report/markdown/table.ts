// A GFM table from cells that are already escaped (escape.ts `cell`, or the tool's own words).

/** `| a | b |` rows under a header; every row has exactly the header's number of cells. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const width = header.length;
  const body = rows.map((row) => {
    if (row.length !== width) throw new Error(`table row has ${row.length} cells, header ${width}`);
    return line(row);
  });
  return [line(header), line(header.map(() => '---')), ...body].join('\n');
}
