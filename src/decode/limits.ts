/**
 * Bounds that keep decoding cheap on any input. AWS caps user data at 16 KB before base64,
 * so real user data stays far below every one of them.
 */

/** Longest base64 text accepted (64 KiB); 16 KB of user data is about 21.3 KiB of base64. */
export const MAX_ENCODED_LENGTH = 64 * 1024;

/** Most bytes all gzip layers together may inflate to. */
export const MAX_INFLATED_BYTES = 64 * 1024;

/** Most MIME parts read, over all nesting levels. */
export const MAX_MIME_PARTS = 64;

/** Deepest nesting of multipart entities inside each other. */
export const MAX_MIME_DEPTH = 4;

/** Deepest nesting of brackets in a PowerShell script. */
export const MAX_SCRIPT_NESTING = 100;

/**
 * Longest string a variable or argument may expand to; beyond it the value is unresolved.
 * Interpolating a variable into the next one doubles its length, so without a cap a short
 * script could grow exponentially.
 */
export const MAX_VALUE_LENGTH = 8192;

/** Most entries in an array or hashtable value; beyond it the value is unresolved. */
export const MAX_LIST_ENTRIES = 256;

/** Most unknown parameter names listed for one call; one is enough to know the call fails. */
export const MAX_UNKNOWN_PARAMETERS = 32;

/** How deep `powershell -Command "…"` may nest scripts in scripts. */
export const MAX_NESTED_SCRIPTS = 3;

/**
 * Most aliases an EC2Launch v2 YAML document may hold, and most nodes their expansion may
 * add up to (the `yaml` package's `maxAliasCount`): real documents use a handful at most.
 */
export const MAX_YAML_ALIASES = 100;

/**
 * Most characters the scripts of an EC2Launch v2 YAML document may add up to. Without
 * aliases they are never longer than the text; aliases could repeat a long script.
 */
export const MAX_YAML_SCRIPT_LENGTH = 64 * 1024;
