import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadConfig, type ScannerConfig } from '../../../src/config.ts';
import { parseConfigText } from '../../../src/config-file/parse.ts';
import { withConfigFile } from '../../../src/config-file/remote.ts';
import { clusterArnsOf, confiningClusterArns } from '../../../src/config-file/scan-options.ts';
import {
  assertClusterArnAccountsPlanned,
  assertClusterArnsScanned,
  configuredClusterScope,
} from '../../../src/lambda/cluster-scope.ts';
import { EventValidationError } from '../../../src/lambda/events.ts';

const ACCOUNT = '123456789012';
const arnOf = (region: string, name: string, account = ACCOUNT, partition = 'aws') =>
  `arn:${partition}:eks:${region}:${account}:cluster/${name}`;

/** A scanner function's configuration whose file named `clusters`, scanning `regions`. */
function configured(clusters: string[], regions = ['us-east-1', 'us-west-2']): ScannerConfig {
  const environment = loadConfig({
    AWS_REGION: 'us-east-1',
    SCAN_REGIONS: regions.join(','),
    CONFIG_PARAMETER: '/eks-windows-scanner/config',
  });
  const file = parseConfigText(
    `clusters: [${clusters.map((cluster) => JSON.stringify(cluster)).join(', ')}]`,
    'ssm:/eks-windows-scanner/config',
  );
  return withConfigFile(environment, file);
}

describe('Function: clusterArnsOf', () => {
  it('reads partition, region, account and name of each ARN, and skips plain names', () => {
    // Act
    const arns = clusterArnsOf(['edge', arnOf('us-west-2', 'prod', '210987654321', 'aws')]);

    // Assess
    expect(arns).toEqual([
      {
        arn: arnOf('us-west-2', 'prod', '210987654321'),
        name: 'prod',
        partition: 'aws',
        region: 'us-west-2',
        accountId: '210987654321',
        namedPlainly: false,
      },
    ]);
  });

  it('marks an ARN whose name is also written plainly: the name is looked for everywhere', () => {
    // Act & Assess
    expect(clusterArnsOf([arnOf('us-west-2', 'prod'), 'prod'])).toEqual([
      expect.objectContaining({ name: 'prod', namedPlainly: true }),
    ]);
  });
});

describe('Function: confiningClusterArns', () => {
  it("keeps a file's ARNs but those whose name it also writes plainly", () => {
    // Prepare
    const written = clusterArnsOf([
      arnOf('us-west-2', 'prod', '444455556666'),
      'legacy',
      'arn:aws:eks:eu-west-1:111122223333:cluster/legacy',
    ]);

    // Act & Assess
    expect(confiningClusterArns(written)).toEqual([
      {
        arn: arnOf('us-west-2', 'prod', '444455556666'),
        partition: 'aws',
        region: 'us-west-2',
        accountId: '444455556666',
        name: 'prod',
      },
    ]);
    expect(confiningClusterArns(undefined)).toEqual([]);
  });
});

describe('Function: configuredClusterScope', () => {
  it('looks for a cluster named by ARN in its region only, and plain names in every region', () => {
    // Act
    const scope = configuredClusterScope(
      configured(['edge', arnOf('us-west-2', 'prod')]),
      ['us-east-1', 'us-west-2'],
      ACCOUNT,
    );

    // Assess
    expect(scope).toEqual({
      regions: ['us-east-1', 'us-west-2'],
      clusters: ['edge', 'prod'],
      clustersByRegion: { 'us-east-1': ['edge'], 'us-west-2': ['edge', 'prod'] },
      clusterArns: [{ accountId: ACCOUNT, region: 'us-west-2', name: 'prod' }],
    });
  });

  it('scans no region that would have nothing to look for (no names there means every cluster)', () => {
    // Act
    const scope = configuredClusterScope(
      configured([arnOf('us-west-2', 'prod')]),
      ['us-east-1', 'us-west-2'],
      ACCOUNT,
    );

    // Assess
    expect(scope.regions).toEqual(['us-west-2']);
    expect(scope.clustersByRegion).toEqual({ 'us-west-2': ['prod'] });
  });

  it("names in the scope's clusters only the clusters looked for in a region it scans", () => {
    // Prepare: an audit of us-east-1 alone, with a file whose `prod` is an ARN of us-west-2
    const config = configured(['edge', arnOf('us-west-2', 'prod')]);

    // Act
    const scope = configuredClusterScope(config, ['us-east-1'], ACCOUNT);

    // Assess: the report's scope.clusters must not claim `prod`, which nothing looked for
    expect(scope).toEqual({
      regions: ['us-east-1'],
      clusters: ['edge'],
      clustersByRegion: { 'us-east-1': ['edge'] },
      clusterArns: [{ accountId: ACCOUNT, region: 'us-west-2', name: 'prod' }],
    });
  });

  it('keeps the plain names in every region when the file names no ARN', () => {
    // Act & Assess
    expect(configuredClusterScope(configured(['prod']), ['eu-west-1'], ACCOUNT)).toEqual({
      regions: ['eu-west-1'],
      clusters: ['prod'],
    });
  });

  it('refuses an ARN of another account, naming the variable, the ARN and both accounts', () => {
    // Prepare
    const config = configured([arnOf('us-west-2', 'prod', '210987654321')]);

    // Act & Assess
    expect(() => configuredClusterScope(config, ['us-west-2'], ACCOUNT)).toThrow(
      new ConfigurationError(
        `CONFIG_PARAMETER: ssm:/eks-windows-scanner/config: clusters: ${arnOf('us-west-2', 'prod', '210987654321')} is in account 210987654321, and this function scans its own account ${ACCOUNT} only (scan other accounts with the organisation-wide scan)`,
      ),
    );
  });

  it('looks for a name written both plainly and as an ARN in every region', () => {
    // Act
    const scope = configuredClusterScope(
      configured(['prod', arnOf('us-west-2', 'prod')]),
      ['us-east-1', 'us-west-2'],
      ACCOUNT,
    );

    // Assess
    expect(scope).toEqual({ regions: ['us-east-1', 'us-west-2'], clusters: ['prod'] });
  });

  it('refuses an ARN of another account even when its name is also written plainly', () => {
    // Prepare
    const foreign = arnOf('us-west-2', 'prod', '210987654321');
    const config = configured(['prod', foreign]);

    // Act & Assess
    expect(() => configuredClusterScope(config, ['us-west-2'], ACCOUNT)).toThrow(
      `CONFIG_PARAMETER: ssm:/eks-windows-scanner/config: clusters: ${foreign} is in account 210987654321`,
    );
  });

  it("refuses an audit's regions that hold none of the file's clusters, as a malformed event", () => {
    // Prepare
    const config = configured([arnOf('us-west-2', 'prod')]);

    // Act
    const scoping = () => configuredClusterScope(config, ['eu-west-1'], ACCOUNT);

    // Assess
    expect(scoping).toThrow(EventValidationError);
    expect(scoping).toThrow(/regions.*named by ARN in us-west-2/);
  });
});

describe('Function: assertClusterArnsScanned', () => {
  it('accepts ARNs in the regions the function scans', () => {
    // Act & Assess
    expect(() => assertClusterArnsScanned(configured([arnOf('us-west-2', 'prod')]))).not.toThrow();
  });

  it.each([
    [
      'of a region the function does not scan',
      arnOf('eu-west-1', 'prod'),
      "is in eu-west-1, which this function does not scan (regions: us-east-1, us-west-2, from SCAN_REGIONS or the function's own region: the file sets no regions): add eu-west-1 to SCAN_REGIONS (template parameter ScanRegions), or give the file a regions list of every region to scan, or write the cluster's name to look for it in every region",
    ],
    ['of an unknown region', arnOf('us-moon-1', 'prod'), 'names an unknown region us-moon-1'],
    [
      "of another partition than the function's (adding its region to regions cannot help)",
      arnOf('cn-north-1', 'prod', ACCOUNT, 'aws-cn'),
      "is in the aws-cn partition and this function's regions (us-east-1, us-west-2) in aws: one set of credentials reaches one partition only; scan it from a deployment in aws-cn",
    ],
    [
      "whose partition is not its region's",
      arnOf('us-west-2', 'prod', ACCOUNT, 'aws-cn'),
      'names partition aws-cn, but its region us-west-2 is in aws',
    ],
  ])('fails the cold start on an ARN %s, naming the variable and the ARN', (_, arn, problem) => {
    // Act & Assess
    expect(() => assertClusterArnsScanned(configured([arn]))).toThrow(
      `CONFIG_PARAMETER: ssm:/eks-windows-scanner/config: clusters: ${arn} ${problem}`,
    );
  });

  it.each([
    ['of an unknown region', arnOf('us-moon-1', 'prod'), 'names an unknown region us-moon-1'],
    [
      'of another partition',
      arnOf('cn-north-1', 'prod', ACCOUNT, 'aws-cn'),
      'is in the aws-cn partition',
    ],
    [
      'of a region the function does not scan',
      arnOf('eu-west-1', 'prod'),
      "is in eu-west-1, which this function does not scan (regions: us-east-1, us-west-2, from SCAN_REGIONS or the function's own region: the file sets no regions): add eu-west-1 to SCAN_REGIONS (template parameter ScanRegions), or give the file a regions list of every region to scan (its name, written plainly too, is looked for only in the regions scanned)",
    ],
  ])('fails the cold start on an ARN %s whose name is also written plainly', (_, arn, problem) => {
    // Act & Assess
    expect(() => assertClusterArnsScanned(configured(['prod', arn]))).toThrow(
      `CONFIG_PARAMETER: ssm:/eks-windows-scanner/config: clusters: ${arn} ${problem}`,
    );
  });

  it("names the file's regions when the file sets them, and asks for the ARN's region there", () => {
    // Prepare: SCAN_REGIONS says eu-west-1, the file's regions replace it with us-west-2
    const arn = arnOf('eu-west-1', 'prod');
    const config = withConfigFile(
      loadConfig({
        AWS_REGION: 'us-west-2',
        SCAN_REGIONS: 'eu-west-1',
        CONFIG_PARAMETER: '/eks-windows-scanner/config',
      }),
      parseConfigText(
        `regions: [us-west-2]\nclusters: [${JSON.stringify(arn)}]`,
        'ssm:/eks-windows-scanner/config',
      ),
    );

    // Act & Assess
    expect(() => assertClusterArnsScanned(config)).toThrow(
      `CONFIG_PARAMETER: ssm:/eks-windows-scanner/config: clusters: ${arn} is in eu-west-1, which this function does not scan (the file's regions: us-west-2): add eu-west-1 to regions, or write the cluster's name to look for it in every region`,
    );
  });
});

describe('Function: assertClusterArnAccountsPlanned', () => {
  it("accepts ARNs of the run's accounts", () => {
    // Prepare
    const config = configured(['edge', arnOf('us-west-2', 'prod', '210987654321')]);

    // Act & Assess
    expect(() =>
      assertClusterArnAccountsPlanned(config, [ACCOUNT, '210987654321'], true),
    ).not.toThrow();
  });

  it('refuses an ARN of an account the organisation does not list as active, naming it', () => {
    // Prepare: even with its name written plainly, a mistyped account is a mistake.
    const arn = arnOf('us-west-2', 'prod', '210987654321');

    // Act
    const act = () => assertClusterArnAccountsPlanned(configured(['prod', arn]), [ACCOUNT], true);

    // Assess
    expect(act).toThrow(ConfigurationError);
    expect(act).toThrow(
      `CONFIG_PARAMETER: ssm:/eks-windows-scanner/config: clusters: ${arn} is in account 210987654321, which is not an active account of the organisation (Organizations ListAccounts listed 1): correct the account, or remove the cluster`,
    );
  });

  it('refuses an ARN of an account SCAN_ACCOUNTS leaves out, and says to add it there', () => {
    // Prepare
    const arn = arnOf('us-west-2', 'prod', '210987654321');

    // Act & Assess
    expect(() =>
      assertClusterArnAccountsPlanned(configured([arn]), [ACCOUNT, '111122223333'], false),
    ).toThrow(
      `clusters: ${arn} is in account 210987654321, which is not among the accounts this run scans (SCAN_ACCOUNTS, template parameter ScanAccounts: ${ACCOUNT}, 111122223333): add it there, or correct the account`,
    );
  });
});
