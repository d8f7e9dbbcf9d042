// Sources are plugins behind one interface (DESIGN.md): each lists the log files it can provide,
// as local files to read. Files come from a folder tree; S3, LookupEvents and Athena write what
// they fetch to local files first, so every source goes through the same loader.

export interface SourceFile {
  /** Where the file came from, as the user knows it: a path, or s3://bucket/key. */
  source: string;
  /** A local path to read it from. */
  localPath: string;
  bytes: number;
}

export interface SourceListing {
  files: SourceFile[];
  /** Files passed over on purpose (digests, Insights, other extensions), by reason. */
  skipped: Record<string, number>;
  /** Folders that hold an `AWSLogs/` tree, with the organization id when the layout shows one. */
  layoutRoots: { root: string; orgId: string | null }[];
}

export interface Source {
  readonly name: string;
  list(): Promise<SourceListing>;
}
