// Defaults the CLI shows in its help without loading the renderer.

/** Calls the report's timeline lists without --full. */
export const DEFAULT_TIMELINE_LIMIT = 200;
