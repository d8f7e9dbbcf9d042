// `trail-trace report`: the incident as a markdown document someone can paste into a ticket, a
// wiki or a GitHub issue and read without the tool (DESIGN.md, the third moment).
//
// Sections, in order: Summary, Findings (who used the credentials), Chain (Mermaid diagram, the chain as a table, the target event),
// Scope and Eviction (what the origin's credentials minted, did and changed; the ordered checklist), Timeline, Indicators, Evidence (records and where they were loaded from, links, gaps, store
// coverage, how the report was made). Pure: the same Incident and options give the same bytes;
// every log string is escaped by escape.ts before it is placed.

import { chainActivityEntries } from '../../trace/activity.js';
import type { Incident } from '../../trace/incident.js';
import { chainSection } from './chain.js';
import { coverageSection } from './coverage.js';
import { code, text } from './escape.js';
import { evidenceSection } from './evidence.js';
import { findingsSection } from './findings.js';
import { indicatorsSection } from './indicators.js';
import { otherCredentialsSection } from './other-credentials.js';
import { evictionSection, scopeSection } from './scope.js';
import { summarySection } from './summary.js';
import { timelineSection } from './timeline.js';
import { callName } from './words.js';

export interface MarkdownOptions {
  /** Most calls listed in the timeline; null lists every call (`--full`). */
  timelineLimit: number | null;
}

export { DEFAULT_TIMELINE_LIMIT } from './defaults.js';
import { DEFAULT_TIMELINE_LIMIT } from './defaults.js';

function title(incident: Incident): string {
  const t = incident.trace.target;
  const where = t.accountId ? ` in account ${code(t.accountId)}` : '';
  return [
    `# Incident report: ${code(callName(t.eventSource, t.eventName))}${where}`,
    `Target event ${code(t.eventId)} · status **${incident.trace.status}** · made by trail-trace ${code(incident.toolVersion)} at ${incident.generatedAt}`,
  ].join('\n\n');
}

/** Scope and Eviction, when the report has them. */
function scopeSections(incident: Incident): string[] {
  const scope = incident.scope;
  if (!scope) return [];
  if ('unavailable' in scope) return [`## Scope\n\nNo scope: ${text(scope.unavailable)}`];
  return [scopeSection(scope), evictionSection(scope)];
}

/** The report as markdown (GitHub-flavoured), one trailing newline. */
export function renderMarkdown(incident: Incident, options: MarkdownOptions = { timelineLimit: DEFAULT_TIMELINE_LIMIT }): string {
  // A member is a credential: calls under its name by another credential are summed apart.
  const entries = chainActivityEntries(incident.trace, incident.activity).filter((e) => !e.otherCredential);
  const others = otherCredentialsSection(incident.otherCredentials);
  const sections = [
    title(incident),
    summarySection(incident, entries),
    findingsSection(incident.trace),
    chainSection(incident),
    ...scopeSections(incident),
    [timelineSection(incident.trace, entries, options.timelineLimit), others].filter((s) => s !== null).join('\n\n'),
    indicatorsSection(incident.trace, entries),
    evidenceSection(incident),
    coverageSection(incident),
  ];
  return sections.join('\n\n') + '\n';
}
