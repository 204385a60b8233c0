/**
 * The AMI list the emulator serves instead of moto's defaults
 * (test/fixtures/emulator/amis.json), and the SSM "latest" parameters derived from it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One entry of the list, in moto's amis.json shape (only the fields we read). */
export interface FixtureAmi {
  ami_id: string;
  name: string;
  owner_id: string;
  platform?: string;
  public: boolean;
  /** ISO 8601. */
  creation_date: string;
}

export const FIXTURE_AMIS_PATH = fileURLToPath(
  new URL('../fixtures/emulator/amis.json', import.meta.url),
);

export const EKS_WINDOWS_AMI_OWNER = '801119661308';

const EKS_WINDOWS_AMI_NAME =
  /^Windows_Server-(2019|2022|2025)-English-(Core|Full)-EKS_Optimized-(\d+\.\d+)-(\d{4}\.\d{2}\.\d{2})$/;

let cached: FixtureAmi[] | undefined;

export function loadFixtureAmis(): FixtureAmi[] {
  cached ??= JSON.parse(readFileSync(FIXTURE_AMIS_PATH, 'utf8')) as FixtureAmi[];
  return cached;
}

export class FixtureAmiNotFoundError extends Error {
  constructor(name: string) {
    super(`No AMI named ${name} in ${FIXTURE_AMIS_PATH}`);
    this.name = 'FixtureAmiNotFoundError';
  }
}

export function fixtureAmi(name: string): FixtureAmi {
  const ami = loadFixtureAmis().find((candidate) => candidate.name === name);
  if (ami === undefined) throw new FixtureAmiNotFoundError(name);
  return ami;
}

/** The name of an EKS-optimized Windows AMI, e.g. `Windows_Server-2022-English-Core-EKS_Optimized-1.31-2026.11.11`. */
export function eksWindowsAmiName(
  release: '2004' | '2019' | '2022' | '2025',
  edition: 'Core' | 'Full',
  kubernetesVersion: string,
  date: string,
): string {
  return `Windows_Server-${release}-English-${edition}-EKS_Optimized-${kubernetesVersion}-${date}`;
}

/** The SSM public parameter that names the latest AMI of one release, edition and Kubernetes version. */
export function windowsLatestParameterName(
  release: '2019' | '2022' | '2025',
  edition: 'Core' | 'Full',
  kubernetesVersion: string,
): string {
  return `/aws/service/ami-windows-latest/Windows_Server-${release}-English-${edition}-EKS_Optimized-${kubernetesVersion}/image_id`;
}

/**
 * The "latest" parameters AWS would publish for the fixture list: for every release, edition
 * and Kubernetes version, the newest AMI. Windows Server 2004 has no such parameter any more.
 */
export function defaultSsmLatest(): Record<string, string> {
  const newest = new Map<string, FixtureAmi>();
  for (const ami of loadFixtureAmis()) {
    const match = EKS_WINDOWS_AMI_NAME.exec(ami.name);
    if (match === null || ami.owner_id !== EKS_WINDOWS_AMI_OWNER) continue;
    const [, release, edition, kubernetesVersion] = match;
    const parameter = windowsLatestParameterName(
      release as '2019' | '2022' | '2025',
      edition as 'Core' | 'Full',
      kubernetesVersion as string,
    );
    const current = newest.get(parameter);
    if (current === undefined || current.creation_date < ami.creation_date) {
      newest.set(parameter, ami);
    }
  }
  return Object.fromEntries([...newest].map(([parameter, ami]) => [parameter, ami.ami_id]));
}
