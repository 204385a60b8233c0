export { decodeInventory } from './decode-inventory.ts';
export { decodeUserData } from './decode-user-data.ts';
export { PowerShellParseError, UserDataDecodeError } from './errors.ts';
export { parseBootstrapCall } from './parse-bootstrap-call.ts';
export * from './types.ts';
