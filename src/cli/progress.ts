// A progress bar for long ingests, on standard error and only on a terminal.

import cliProgress from 'cli-progress';
import type { IngestProgress } from '../ingest/run-ingest.js';

export interface ProgressView {
  update(p: IngestProgress): void;
  stop(): void;
}

const none: ProgressView = { update: () => undefined, stop: () => undefined };

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

export function ingestProgress(stream: NodeJS.WriteStream, enabled: boolean, unit = 'files'): ProgressView {
  if (!enabled || !stream.isTTY) return none;
  const started = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: ` {bar} {percentage}% | {value}/{total} ${unit} | {mb}/{totalMb} MB | {events} events | {rate} events/s`,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let startedBar = false;
  return {
    update(p) {
      const seconds = Math.max(0.001, (performance.now() - started) / 1000);
      const payload = {
        mb: mb(p.bytesDone),
        totalMb: mb(p.bytesTotal),
        events: (p.eventsNew + p.eventsDuplicate).toLocaleString('en-US'),
        rate: Math.round((p.eventsNew + p.eventsDuplicate) / seconds).toLocaleString('en-US'),
      };
      if (!startedBar) {
        bar.start(p.filesTotal, p.filesDone, payload);
        startedBar = true;
      } else bar.update(p.filesDone, payload);
    },
    stop() {
      if (startedBar) bar.stop();
    },
  };
}
