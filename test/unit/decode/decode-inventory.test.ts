import { describe, expect, it, vi } from 'vitest';
import * as decodeModule from '../../../src/decode/decode-user-data.ts';
import { decodeInventory } from '../../../src/decode/index.ts';
import type { ConfigSite, Inventory, NodeSource } from '../../../src/inventory/types.ts';
import { encode, fixture } from './user-data-fixtures.ts';

const PASSWORD = 'Adm1n-P@ssw0rd';

const WINDOWS_USER_DATA = encode(
  `<powershell>\nnet user admin ${PASSWORD} /add\n& 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod\n</powershell>`,
);

function aSite(id: string, userData: string | undefined): ConfigSite {
  return {
    ref: { type: 'AwsEc2LaunchTemplate', id, name: id },
    launchTemplateVersion: '1',
    requestedVersion: '$Default',
    imageId: 'ami-0windows',
    userData,
  };
}

function aSource(name: string, sites: ConfigSite[]): NodeSource {
  return {
    kind: 'auto-scaling-group',
    ref: { type: 'AwsAutoScalingAutoScalingGroup', id: name, name },
    cluster: 'prod',
    sites,
    instanceIds: [],
    tags: {},
  };
}

function anInventory(nodeSources: NodeSource[]): Inventory {
  return {
    accountId: '123456789012',
    region: 'us-west-2',
    clusters: [{ name: 'prod', tags: {} }],
    nodeSources,
    images: {},
    latestImageIds: {},
    instanceOs: {},
    errors: [],
    complete: true,
  };
}

describe('Function: decodeInventory', () => {
  it('replaces the user data of every site with its analysis', () => {
    // Prepare
    const inventory = anInventory([
      aSource('win-asg', [aSite('lt-win', WINDOWS_USER_DATA)]),
      aSource('linux-asg', [
        aSite('lt-linux', encode(fixture('linux-shell.txt'))),
        aSite('lt-none', undefined),
      ]),
      aSource('broken-asg', [aSite('lt-broken', 'not base64!')]),
    ]);

    // Act
    const decoded = decodeInventory(inventory);

    // Assess
    const analyses = decoded.nodeSources.flatMap((source) =>
      source.sites.map((site) => site.userData),
    );
    expect(analyses).toEqual([
      {
        status: 'decoded',
        gzip: false,
        mime: false,
        powershell: true,
        bootstrap: {
          args: { EKSClusterName: { kind: 'literal', value: 'prod' } },
          unknownParameters: [],
        },
      },
      { status: 'decoded', gzip: false, mime: false, powershell: false, bootstrap: undefined },
      { status: 'absent' },
      { status: 'unreadable', reason: 'user data is not valid base64' },
    ]);
  });

  it('keeps everything but the user data as it was', () => {
    // Prepare
    const inventory = anInventory([aSource('win-asg', [aSite('lt-win', WINDOWS_USER_DATA)])]);

    // Act
    const decoded = decodeInventory(inventory);

    // Assess
    const { nodeSources, ...rest } = decoded;
    const { nodeSources: originalSources, ...originalRest } = inventory;
    expect(rest).toEqual(originalRest);
    expect(nodeSources[0]?.sites[0]).toMatchObject({
      ...aSite('lt-win', undefined),
      userData: { status: 'decoded' },
    });
    expect({ ...nodeSources[0], sites: [] }).toEqual({ ...originalSources[0], sites: [] });
  });

  it('does not change the inventory it is given', () => {
    // Prepare
    const inventory = anInventory([aSource('win-asg', [aSite('lt-win', WINDOWS_USER_DATA)])]);
    const before = structuredClone(inventory);

    // Act
    const decoded = decodeInventory(inventory);

    // Assess
    expect(inventory).toEqual(before);
    expect(decoded).not.toBe(inventory);
    expect(decoded.nodeSources[0]).not.toBe(inventory.nodeSources[0]);
  });

  it('decodes user data shared by many sites only once', () => {
    // Prepare
    const spy = vi.spyOn(decodeModule, 'decodeUserData');
    const inventory = anInventory([
      aSource('asg-a', [
        aSite('lt-shared', WINDOWS_USER_DATA),
        aSite('lt-other', encode('<powershell></powershell>')),
      ]),
      aSource('asg-b', [aSite('lt-shared', WINDOWS_USER_DATA)]),
      aSource('asg-c', [aSite('lt-shared', WINDOWS_USER_DATA)]),
    ]);

    // Act
    const decoded = decodeInventory(inventory);

    // Assess
    expect(spy).toHaveBeenCalledTimes(2);
    const shared = decoded.nodeSources.map((source) => source.sites[0]?.userData);
    expect(shared[1]).toBe(shared[0]);
    expect(shared[2]).toBe(shared[0]);
    spy.mockRestore();
  });

  it('leaves no raw user data in the decoded inventory', () => {
    // Prepare
    const inventory = anInventory([aSource('win-asg', [aSite('lt-win', WINDOWS_USER_DATA)])]);

    // Act
    const serialised = JSON.stringify(decodeInventory(inventory));

    // Assess
    expect(serialised).not.toContain(WINDOWS_USER_DATA);
    expect(serialised).not.toContain(PASSWORD);
    expect(serialised).not.toContain('net user');
  });
});
