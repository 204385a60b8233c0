/**
 * The decoder reads hostile scripts with shortcuts that must not change what it finds nor
 * what the reading is charged: shared tokens, statements split once per group, arrays
 * shared rather than copied, a splatted hashtable's keys resolved once, command names
 * refused by their length. Each shape here goes through one of them; work-steps.json pins
 * the steps every corpus input and typical user data spend (a deliberate change of the
 * work accounting updates it, printing `decodeUserDataWithWork(…, PAST_AWS_CAP).work.spent` for each).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeUserDataWithWork, parseBootstrapCall } from '../../../src/decode/index.ts';
import { adversarialCorpus, PAST_AWS_CAP, typicalUserData } from '../../support/adversarial.ts';

const SCRIPT = `'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1'`;
const PINNED_STEPS: Record<string, number> = JSON.parse(
  readFileSync(new URL('./work-steps.json', import.meta.url), 'utf8'),
);

describe('Work steps of the adversarial corpus and typical user data', () => {
  const inputs = [
    ...adversarialCorpus().map((input) => [input.name, input.encoded] as const),
    ...[1_000, 16_000, 64_000].map((size) => [`typical-${size}`, typicalUserData(size)] as const),
  ];

  it('pins every input', () => {
    // Assess
    expect(Object.keys(PINNED_STEPS).sort()).toEqual(inputs.map(([name]) => name).sort());
  });

  it.each(inputs)('charges %s the steps pinned for it', (name, encoded) => {
    // Act
    const { work } = decodeUserDataWithWork(encoded, PAST_AWS_CAP);

    // Assess
    expect(work.spent).toBe(PINNED_STEPS[name]);
  });
});

describe('Function: parseBootstrapCall, shapes the shortcuts read', () => {
  it('binds a hashtable splatted a second time as it did the first time', () => {
    // Arrange
    const script = `$h = @{ EKSCluster = 'prod'; Bogus = 1; vb = $true; Kubelet = '--v=2' }\n& $u @h\n& ${SCRIPT} @h`;

    // Act
    const result = parseBootstrapCall(script);

    // Assess
    expect(result).toEqual({
      args: {
        EKSClusterName: { kind: 'literal', value: 'prod' },
        KubeletExtraArgs: { kind: 'literal', value: '--v=2' },
      },
      unknownParameters: ['Bogus'],
    });
  });

  it('binds another hashtable with the same keys by its own values', () => {
    // Arrange
    const script = `$a = @{ EKSCluster = 'one' }\n$b = @{ EKSCluster = 'two' }\n& $u @a\n& ${SCRIPT} @b`;

    // Act
    const result = parseBootstrapCall(script);

    // Assess
    expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'two' });
  });

  it.each([
    ['switches before, between and after', 'setx /X SERVICE_IPV4_CIDR /S 10.50.0.0/16 /m /Y'],
    ['the switch alone at the end', 'setx.exe SERVICE_IPV4_CIDR 10.50.0.0/16 /M'],
  ])('reads setx /M with %s', (_shape, setting) => {
    // Act
    const result = parseBootstrapCall(`${setting}\n& ${SCRIPT} -EKSClusterName prod`);

    // Assess
    expect(result?.machineEnvironment).toEqual({
      SERVICE_IPV4_CIDR: { kind: 'literal', value: '10.50.0.0/16' },
    });
  });

  it.each([
    ['a longer switch', 'setx SERVICE_IPV4_CIDR 10.50.0.0/16 /MM'],
    ['no value', 'setx SERVICE_IPV4_CIDR /M'],
  ])('sets nothing with setx and %s', (_shape, setting) => {
    // Act
    const result = parseBootstrapCall(`${setting}\n& ${SCRIPT} -EKSClusterName prod`);

    // Assess
    expect(result?.machineEnvironment).toBeUndefined();
  });

  it.each([
    ['PWSH.EXE -c', 'PWSH.EXE -c "& \'C:\\x\\START-EKSBOOTSTRAP.PS1\' -EKSClusterName prod"'],
    ['Powershell -File', 'Powershell -File C:\\x\\Start-EksBootstrap.PS1 -EKSClusterName prod'],
  ])('finds the call through %s, whatever the case of the names', (_shape, script) => {
    // Act
    const result = parseBootstrapCall(script);

    // Assess
    expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
  });

  it('does not take a command of a host name length for a host', () => {
    // Act
    const result = parseBootstrapCall(
      `powershel1 -c "& ${SCRIPT.replaceAll("'", "''")} -EKSClusterName prod"`,
    );

    // Assess
    expect(result).toBeUndefined();
  });

  it.each([
    ['after commas', "$l = 'a',\n'b',\n  'c'", ['a', 'b', 'c']],
    ['after the equals sign', "$l =\n'a'", ['a']],
    ['inside an array literal', "$l = @(\n'a',\n'b'\n'c'\n)", ['a', 'b', 'c']],
    ['in nested arrays', "$l = @(@(@('a', 'b')), 'c')", ['a', 'b', 'c']],
  ])('reads a statement continued %s', (_shape, assignment, values) => {
    // Act
    const result = parseBootstrapCall(
      `${assignment}\n& ${SCRIPT} -EKSClusterName prod -ExcludedSnatCIDRs $l`,
    );

    // Assess
    expect(result?.args.ExcludedSnatCIDRs).toEqual({ kind: 'list', values });
  });

  it('finds a call inside parentheses whose value was assigned', () => {
    // Act
    const result = parseBootstrapCall(`$out = (& ${SCRIPT} -EKSClusterName prod)`);

    // Assess
    expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
  });

  it.each([
    ['parentheses alone on a line', `((\n(& ${SCRIPT} -EKSClusterName prod)\n))`],
    ['a block alone on a line', `{\n$n = 'prod'\n& ${SCRIPT} -EKSClusterName $n\n}`],
  ])('finds the call in %s', (_shape, script) => {
    // Act
    const result = parseBootstrapCall(script);

    // Assess
    expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
  });

  it('reads no call out of a hashtable alone on a line', () => {
    // Act
    const result = parseBootstrapCall(`@{ a = (& ${SCRIPT} -EKSClusterName prod) }`);

    // Assess
    expect(result).toBeUndefined();
  });

  it.each([
    ['a block never closed', `if ($x) { & ${SCRIPT} -EKSClusterName prod`],
    ['stray closing brackets', `}})\n& ${SCRIPT} -EKSClusterName prod`],
    [
      'deep brackets closed on other lines',
      `${'('.repeat(99)}\n${')'.repeat(99)}\n& ${SCRIPT} -EKSClusterName prod`,
    ],
  ])('finds the call after %s', (_shape, script) => {
    // Act
    const result = parseBootstrapCall(script);

    // Assess
    expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
  });

  it.each([
    ['??=', "$n ??= 'x'", { kind: 'unresolved', variable: 'n' }],
    ['-=', '$n -= 1', { kind: 'unresolved', variable: 'n' }],
  ])('reads an assignment with %s', (_shape, assignment, value) => {
    // Act
    const result = parseBootstrapCall(`$n = 'prod'\n${assignment}\n& ${SCRIPT} -EKSClusterName $n`);

    // Assess
    expect(result?.args.EKSClusterName).toEqual(value);
  });
});
