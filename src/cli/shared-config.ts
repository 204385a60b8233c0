/**
 * The shared AWS config and credentials files (~/.aws/config, ~/.aws/credentials, or
 * AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), read with the SDK's own loader so that a
 * profile means here what it means to the SDK: `[profile x]` and `[x]` alike.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/core/config';

type Sections = Record<string, Record<string, string | undefined> | undefined>;

export interface SharedConfig {
  /** False when the files were not read (tests of the parser alone): no profile is checked. */
  loaded: boolean;
  configPath: string;
  credentialsPath: string;
  /** Profile name → its settings (`region`, `role_arn`…); `sso-session.x` sections too. */
  configFile: Sections;
  credentialsFile: Sections;
}

export const NO_SHARED_CONFIG: SharedConfig = {
  loaded: false,
  configPath: '',
  credentialsPath: '',
  configFile: {},
  credentialsFile: {},
};

/** Reads both files; a missing file is an empty one, as for the SDK. */
export async function loadSharedConfig(
  env: Record<string, string | undefined>,
): Promise<SharedConfig> {
  const home = env.HOME || env.USERPROFILE || homedir();
  const expand = (path: string) => (path.startsWith('~/') ? join(home, path.slice(2)) : path);
  const configPath = expand(env.AWS_CONFIG_FILE || join(home, '.aws', 'config'));
  const credentialsPath = expand(
    env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  );
  const files = await loadSharedConfigFiles({
    configFilepath: configPath,
    filepath: credentialsPath,
    ignoreCache: true,
  });
  return {
    loaded: true,
    configPath,
    credentialsPath,
    configFile: files.configFile as Sections,
    credentialsFile: files.credentialsFile as Sections,
  };
}
