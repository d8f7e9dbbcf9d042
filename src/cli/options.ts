// How sizes are written, and the shapes of region names and account ids: light enough for the
// CLI's entry to load before it knows which command runs (commands load only when they run).

import bytes from 'bytes';

/** A size as the flags take and print it: 2GB, 16MB, 512KB (powers of 1024, as the `bytes` package reads them). */
export function sizeText(n: number): string {
  return bytes.format(n, { unitSeparator: '' }) ?? `${n}B`;
}

/** us-east-1, eu-central-2, us-gov-west-1… */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;
export const ACCOUNT_ID = /^\d{12}$/;
