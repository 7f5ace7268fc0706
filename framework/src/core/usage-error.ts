// UsageError: a mistake in what the user asked for (a flag, a setting, a name); the CLI exits with code 2.

/** The message names the flag, setting or name at fault and says what to write instead. */
export class UsageError extends Error {}
