import { describe, expect, it } from 'vitest';
import {
  aCluster,
  anInventoryBootstrapping,
  list,
  literal,
  ruleInput,
  unresolved,
} from '../../../test/builders/inventory.ts';
import type { BootstrapValue } from '../../decode/types.ts';
import { containerRuntimeInvalid } from './container-runtime-invalid.ts';

function withRuntime(runtime: BootstrapValue) {
  return anInventoryBootstrapping({ ContainerRuntime: runtime });
}

describe('Rule: container-runtime-invalid', () => {
  it('fires for -ContainerRuntime cri-o, which the bootstrap script rejects', () => {
    // Prepare
    const input = ruleInput(withRuntime(literal('cri-o')));

    // Act
    const hits = containerRuntimeInvalid.evaluate(input);

    // Assess
    expect(hits).toEqual([
      {
        cluster: 'prod',
        resource: expect.objectContaining({
          type: 'AwsEc2LaunchTemplate',
          id: 'lt-0123456789abcdef0',
        }),
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: { containerRuntimeArgument: 'cri-o', imageId: 'ami-0windows2022a' },
        detail:
          'The bootstrap call passes -ContainerRuntime "cri-o"; Start-EKSBootstrap.ps1 accepts containerd or docker.',
      },
    ]);
  });

  it.each(['1.23', '1.29'])(
    'fires for -ContainerRuntime dockerd, which the Windows script rejects, on a %s cluster',
    (version) => {
      // Prepare
      const input = ruleInput(
        anInventoryBootstrapping(
          { ContainerRuntime: literal('dockerd') },
          { clusters: [aCluster({ version })] },
        ),
      );

      // Act
      const hits = containerRuntimeInvalid.evaluate(input);

      // Assess
      expect(hits).toHaveLength(1);
      expect(hits[0]?.evidence.containerRuntimeArgument).toBe('dockerd');
      expect(hits[0]?.detail).toContain('dockerd is how eksctl names Docker on Amazon Linux');
    },
  );

  it.each(['containerd', 'CONTAINERD', 'docker', 'Docker'])('does not fire for %s', (value) => {
    // Prepare
    const input = ruleInput(withRuntime(literal(value)));

    // Act
    const hits = containerRuntimeInvalid.evaluate(input);

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire for an unresolved value or a list', () => {
    // Prepare
    const unresolvedInput = ruleInput(withRuntime(unresolved('Runtime')));
    const listInput = ruleInput(withRuntime(list('containerd', 'docker')));

    // Act
    const hits = [
      ...containerRuntimeInvalid.evaluate(unresolvedInput),
      ...containerRuntimeInvalid.evaluate(listInput),
    ];

    // Assess
    expect(hits).toEqual([]);
  });

  it('fires for a runtime name with a space in its quotes, which ValidateSet does not trim', () => {
    // Act
    const hits = containerRuntimeInvalid.evaluate(ruleInput(withRuntime(literal('containerd '))));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        evidence: expect.objectContaining({ containerRuntimeArgument: 'containerd' }),
        detail: expect.stringContaining(
          'passes -ContainerRuntime "containerd" with spaces in its quotes; Start-EKSBootstrap.ps1 accepts containerd or docker.',
        ),
      }),
    ]);
  });

  it('does not quote a value not written like a runtime name, which may be a secret', () => {
    // Prepare
    const input = ruleInput(withRuntime(literal('Sup3rSecret!')));

    // Act
    const hits = containerRuntimeInvalid.evaluate(input);

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).not.toHaveProperty('containerRuntimeArgument');
    expect(JSON.stringify(hits)).not.toContain('Sup3rSecret');
  });

  it('does not quote a runtime-shaped value that is a service token', () => {
    // Prepare: a GitLab token of letters alone is written like a runtime name
    const input = ruleInput(withRuntime(literal('glpat-abcdefghijklmnopqrst')));

    // Act
    const hits = containerRuntimeInvalid.evaluate(input);

    // Assess
    expect(hits).toHaveLength(1);
    expect(JSON.stringify(hits)).not.toContain('glpat');
  });

  it('does not quote a runtime-shaped value bound through an abbreviated name (`tool -C <word>`)', () => {
    // Prepare
    const input = ruleInput(
      withRuntime({ kind: 'literal', value: 'Hunterpassword', abbreviated: true }),
    );

    // Act
    const hits = containerRuntimeInvalid.evaluate(input);

    // Assess
    expect(hits).toHaveLength(1);
    expect(JSON.stringify(hits)).not.toContain('Hunter');
  });

  it.each([
    ['a passphrase', 'correct-horse-battery-staple'],
    ['a word far from every runtime name', 'Hunterpassword'],
    ['a long run of letters', 'x'.repeat(200)],
  ])('does not quote %s, which is written in letters but names no runtime', (_, value) => {
    // Prepare: a template that passed the wrong variable
    const input = ruleInput(withRuntime(literal(value)));

    // Act
    const hits = containerRuntimeInvalid.evaluate(input);

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).not.toHaveProperty('containerRuntimeArgument');
    expect(hits[0]?.detail).toContain('a -ContainerRuntime value that names no runtime');
  });

  it.each(['Docker-CE', 'contianerd', 'crio', 'moby'])(
    'quotes %s, a runtime name or a near miss of one',
    (value) => {
      // Act
      const hits = containerRuntimeInvalid.evaluate(ruleInput(withRuntime(literal(value))));

      // Assess
      expect(hits[0]?.evidence.containerRuntimeArgument).toBe(value);
    },
  );
});
