/**
 * Bounds that keep decoding cheap on any input. AWS caps user data at 16 KB before base64,
 * so real user data stays far below every one of them.
 */

/** Longest base64 text read at all (64 KiB); 16 KB of user data is about 21.3 KiB of base64. */
export const MAX_ENCODED_LENGTH = 64 * 1024;

/**
 * Most bytes of user data, before base64 (and gzip inflated or not): AWS refuses more
 * ("User data is limited to 16384 bytes"), so more is no user data AWS would run.
 */
export const MAX_USER_DATA_BYTES = 16 * 1024;

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

/**
 * Steps of work (about one character or one syntax node looked at; see budget.ts) allowed
 * per character of input, base64 as EC2 returns it plus any text gzip inflated. Real user
 * data spends about 5 per character (the fixtures and the benchmark's typical script: 4.9),
 * hostile but linear inputs 4 to 16 (test/support/adversarial.ts); 16 leaves three times
 * what real user data needs, while the largest budget (64 KiB of base64 inflating to 64 KiB:
 * about 2.2 million steps, 1.1 million without gzip) stays near 50 ms at the 20 to 45 ns a
 * step costs (bench/decode.bench.ts reports the worst case).
 */
export const WORK_STEPS_PER_CHARACTER = 16;

/**
 * Steps any user data may spend whatever its size, so that a short script never runs short:
 * a few milliseconds of work, where 1 KB of real user data spends about 6,000.
 */
export const WORK_BUDGET_FLOOR = 100_000;

/**
 * Most tokens (as the YAML package's own lexer counts them: indicators, keys, scalars; a
 * block or quoted scalar is one) an EC2Launch v2 document may hold. Real documents hold a
 * few dozen to a few hundred; the YAML parser spends microseconds on each, so a flood of
 * them (48,000 `[` took 600 ms) is refused before it is parsed.
 */
export const MAX_YAML_TOKENS = 2_000;
