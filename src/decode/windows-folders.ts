/**
 * The environment variables that name Windows' own folders, with the values they hold for the
 * 64-bit PowerShell and cmd.exe the launch agents run on an EKS Windows AMI (system drive C:).
 * User data names the bootstrap script through them ("$env:ProgramFiles\Amazon\EKS\…",
 * `%ProgramFiles%\Amazon\EKS\…`), and whether a command line splits that path depends on the
 * space in `C:\Program Files`: a 32-bit process's `C:\Program Files (x86)` has one too.
 * Variables that depend on the user or the session (TEMP, USERPROFILE) are left unknown.
 * Keyed by lower-cased name: both shells compare names without case.
 */
export const WINDOWS_FOLDERS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    ProgramFiles: 'C:\\Program Files',
    ProgramW6432: 'C:\\Program Files',
    'ProgramFiles(x86)': 'C:\\Program Files (x86)',
    CommonProgramFiles: 'C:\\Program Files\\Common Files',
    CommonProgramW6432: 'C:\\Program Files\\Common Files',
    'CommonProgramFiles(x86)': 'C:\\Program Files (x86)\\Common Files',
    ProgramData: 'C:\\ProgramData',
    ALLUSERSPROFILE: 'C:\\ProgramData',
    PUBLIC: 'C:\\Users\\Public',
    SystemDrive: 'C:',
    SystemRoot: 'C:\\Windows',
    windir: 'C:\\Windows',
    ComSpec: 'C:\\Windows\\system32\\cmd.exe',
  }).map(([name, value]) => [name.toLowerCase(), value]),
);
