import { describe, expect, it } from 'vitest';
import { anInventoryWithSite, ruleInput } from '../../../test/builders/inventory.ts';
import { decodeUserData } from '../../decode/index.ts';
import { bootstrapArgumentsCutOff } from './bootstrap-arguments-cut-off.ts';

const SCRIPT = "& 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1'";

function hitsFor(call: string) {
  const userData = decodeUserData(
    Buffer.from(`<powershell>\n${call}\n</powershell>`).toString('base64'),
  );
  return bootstrapArgumentsCutOff.evaluate(ruleInput(anInventoryWithSite({ userData })));
}

describe('Rule: bootstrap-arguments-cut-off', () => {
  it.each([
    ['a space', ' '],
    ['a tab and a space', '\t '],
  ])('fires when a backtick before %s ends the line of the call', (_what, whitespace) => {
    // Act
    const hits = hitsFor(
      `${SCRIPT} -EKSClusterName prod \`${whitespace}\n  -ServiceCIDR 172.20.0.0/16 \`\n  -DNSClusterIP 172.20.0.10 -KubeletExtraArgs '--node-labels=secret=Do-not-leak-42'`,
    );

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        cluster: 'prod',
        evidence: { argumentsCutOff: ['ServiceCIDR', 'DNSClusterIP', 'KubeletExtraArgs'] },
      }),
    ]);
    expect(hits[0]?.detail).toContain(
      'never gets -ServiceCIDR, -DNSClusterIP, -KubeletExtraArgs from the next line',
    );
    expect(JSON.stringify(hits)).not.toContain('Do-not-leak-42');
  });

  it.each([
    [
      'a backtick that ends its line',
      `${SCRIPT} -EKSClusterName prod \`\n  -ServiceCIDR 172.20.0.0/16`,
    ],
    ['a call on one line', `${SCRIPT} -EKSClusterName prod -ServiceCIDR 172.20.0.0/16`],
    [
      'an escaped space followed by a line that is no parameter',
      `${SCRIPT} -EKSClusterName prod \` \nWrite-Host done`,
    ],
  ])('does not fire on %s', (_shape, call) => {
    expect(hitsFor(call)).toEqual([]);
  });
});
