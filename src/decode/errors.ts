/**
 * Errors raised while decoding user data. Their messages are fixed, general phrases: user
 * data may hold secrets, so a message never quotes the input.
 */

/** The user data is not readable: bad base64, binary, too large, a corrupt gzip or MIME layer. */
export class UserDataDecodeError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'UserDataDecodeError';
  }
}

/** The PowerShell script can't be parsed within the decoder's limits. */
export class PowerShellParseError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'PowerShellParseError';
  }
}
