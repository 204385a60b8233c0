/** Names shared by the help text and the parser, in a module that imports nothing. */
export const PROGRAM = 'eks-windows-scanner';

/** The longest warning window, as for END_OF_SUPPORT_WARNING_DAYS (src/config.ts): ten years. */
export const MAX_WARNING_DAYS = 3650;
