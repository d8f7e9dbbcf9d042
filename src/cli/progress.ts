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
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(p) {
      const seconds = Math.max(0.001, (performance.now() - started) / 1000);
      const payload = {
        // API sources cannot know the size of what they have not fetched yet.
        bytes: p.bytesTotal > 0 ? `${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB` : `${mb(p.bytesDone)} MB`,
        events: (p.eventsNew + p.eventsDuplicate).toLocaleString('en-US'),
        rate: Math.round((p.eventsNew + p.eventsDuplicate) / seconds).toLocaleString('en-US'),
      };
      if (!bar) {
        // Athena's result pages are not counted before they are read: no bar, just the counts.
        const counted = p.filesTotal > 0;
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: counted
              ? ` {bar} {percentage}% | {value}/{total} ${unit} | {bytes} | {events} events | {rate} events/s`
              : ` {value} ${unit} | {bytes} | {events} events | {rate} events/s`,
            barCompleteChar: '█',
            barIncompleteChar: '░',
            hideCursor: true,
            clearOnComplete: true,
            fps: 5,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(counted ? p.filesTotal : 0, p.filesRead, payload);
      } else bar.update(p.filesRead, payload);
    },
    stop() {
      bar?.stop();
    },
  };
}

/** A bar for `verify`: kept files checked of all. */
export function verifyProgress(stream: NodeJS.WriteStream, enabled: boolean): { update(done: number, total: number): void; stop(): void } {
  if (!enabled || !stream.isTTY) return { update: () => undefined, stop: () => undefined };
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { stream, format: ' {bar} {percentage}% | {value}/{total} kept files verified', barCompleteChar: '█', barIncompleteChar: '░', hideCursor: true, clearOnComplete: true, fps: 5 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      } else bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
