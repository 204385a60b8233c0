import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  aCustomManagedSource,
  aLaunchTemplateSite,
  aLinuxImage,
  aLinuxOnlyInventory,
  aManagedWindowsSource,
  aMixedInstancesSource,
  anEksWindowsImage,
  anInstanceSource,
  anInventory,
  anInventoryOnImage,
  anInventoryWithSite,
  aSelfManagedSource,
  imagesOf,
  OVERRIDE_TEMPLATE,
  ruleInput,
  userDataWithoutBootstrap,
} from '../../../test/builders/inventory.ts';
import { decodeUserData } from '../../decode/index.ts';
import { bootstrapMissing } from './bootstrap-missing.ts';
import { bootstrapCallSnippet } from './fix-snippets.ts';

/** The rule's hits on a self-managed group whose user data is `text`. */
function hitsForUserData(text: string) {
  const userData = decodeUserData(Buffer.from(text).toString('base64'));
  return bootstrapMissing.evaluate(ruleInput(anInventoryWithSite({ userData })));
}

describe('Rule: bootstrap-missing', () => {
  it('fires on a self-managed group whose user data never calls Start-EKSBootstrap.ps1', () => {
    // Prepare
    const inventory = anInventoryWithSite({ userData: userDataWithoutBootstrap() });

    // Act
    const hits = bootstrapMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([
      expect.objectContaining({
        cluster: 'prod',
        resource: expect.objectContaining({
          type: 'AwsEc2LaunchTemplate',
          id: 'lt-0123456789abcdef0',
        }),
        affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: 'win-asg', id: 'win-asg' }],
        evidence: { userData: 'no-bootstrap-call', powershell: true },
      }),
    ]);
    expect(hits[0]?.detail).toContain('never calls Start-EKSBootstrap.ps1');
    expect(hits[0]?.detail).toContain(bootstrapCallSnippet('prod'));
  });

  it.each([
    [
      'a script written to a file for a scheduled task',
      "$script = @'\n& 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod\n'@\nSet-Content C:\\bootstrap.ps1 $script\nRegister-ScheduledTask -TaskName Join -Trigger (New-ScheduledTaskTrigger -AtStartup) -Action (New-ScheduledTaskAction -Execute powershell.exe -Argument '-File C:\\bootstrap.ps1')\nAdd-Computer -DomainName corp.example.com -Restart",
    ],
    [
      'a call commented out',
      "# & 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod",
    ],
  ])(
    'says that %s names the script without calling it, and how to suppress a deferred call',
    (_shape, script) => {
      // Act
      const hits = hitsForUserData(`<powershell>\n${script}\n</powershell>`);

      // Assess
      expect(hits).toHaveLength(1);
      expect(hits[0]?.evidence).toEqual({
        userData: 'no-bootstrap-call',
        powershell: true,
        bootstrapScriptNamed: true,
      });
      expect(hits[0]?.detail).toContain(
        'names Start-EKSBootstrap.ps1 in its user data but never calls it',
      );
      expect(hits[0]?.detail).toContain('tag eks-windows-scanner:suppress = bootstrap-missing');
      expect(hits[0]?.detail).toContain(bootstrapCallSnippet('prod'));
      expect(hits[0]?.detail).not.toContain('corp.example.com');
    },
  );

  it('says a nested <powershell> tag keeps the section from running, without offering a call to add', () => {
    // Act: custom user data wrapped in tags of its own, inside Karpenter's section
    const hits = hitsForUserData(
      `<powershell>\n<powershell>\nWrite-Host custom\n</powershell>\n& $env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod\n</powershell>`,
    );

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({
      userData: 'no-bootstrap-call',
      powershell: true,
      nestedPowershellTag: true,
    });
    expect(hits[0]?.detail).toContain('has a <powershell> tag inside its <powershell> section');
    expect(hits[0]?.detail).toContain('Remove the inner tags.');
    expect(hits[0]?.detail).not.toContain('never calls');
    expect(hits[0]?.detail).not.toContain(bootstrapCallSnippet('prod'));
  });

  it('says && keeps Windows PowerShell 5.1 from running the section, without offering a call to add', () => {
    // Act
    const hits = hitsForUserData(
      `<powershell>\ncd $env:ProgramFiles\\Amazon\\EKS && .\\Start-EKSBootstrap.ps1 -EKSClusterName prod\n</powershell>`,
    );

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({
      userData: 'no-bootstrap-call',
      powershell: true,
      pipelineChain: true,
    });
    expect(hits[0]?.detail).toContain('Windows PowerShell 5.1');
    expect(hits[0]?.detail).not.toContain(bootstrapCallSnippet('prod'));
  });

  it.each([
    [
      'a -Command text',
      'powershell -Command "cd C:\\EKS && .\\Start-EKSBootstrap.ps1 -EKSClusterName prod"',
    ],
    [
      'an Invoke-Expression text',
      "Invoke-Expression 'cd C:\\EKS && .\\Start-EKSBootstrap.ps1 -EKSClusterName prod'",
    ],
  ])(
    'says %s chaining commands is refused by Windows PowerShell, not that it may run later',
    (_, line) => {
      // Act
      const hits = hitsForUserData(`<powershell>\n${line}\n</powershell>`);

      // Assess
      expect(hits[0]?.evidence).toEqual({
        userData: 'no-bootstrap-call',
        powershell: true,
        pipelineChain: true,
      });
      expect(hits[0]?.detail).toContain(
        'a text given to powershell.exe -Command or to Invoke-Expression',
      );
      expect(hits[0]?.detail).not.toContain('suppress');
    },
  );

  it.each([
    [
      'a path cut at its space',
      `<powershell>\npowershell -Command "& $env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod"\n</powershell>`,
      'split-at-space',
      "The term 'C:\\Program' is not recognized",
    ],
    [
      'a path holding $env: that nothing expands',
      `<script>\npowershell -File "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1" -EKSClusterName prod\n</script>`,
      'variable-not-expanded',
      'holds $env: as text',
    ],
  ])(
    'says the script never runs by %s, not that it may run later',
    (_path, text, scriptPath, why) => {
      // Act
      const hits = hitsForUserData(text);

      // Assess
      expect(hits).toHaveLength(1);
      expect(hits[0]?.evidence).toEqual({
        userData: 'no-bootstrap-call',
        powershell: true,
        scriptPath,
      });
      expect(hits[0]?.detail).toContain(why);
      expect(hits[0]?.detail).toContain(bootstrapCallSnippet('prod'));
      expect(hits[0]?.detail).not.toContain('suppress');
    },
  );

  describe('on a release whose AMIs run EC2Launch v1, which runs a <powershell> section only when there is one', () => {
    const custom = '<powershell>Write-Host custom</powershell>';
    const call = `<powershell>\n& $env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod\n</powershell>`;
    const decode = (text: string) => decodeUserData(Buffer.from(text).toString('base64'));
    const on = (release: string, text: string) => {
      const image = anEksWindowsImage({
        imageId: `ami-0windows${release}`,
        name: `Windows_Server-${release}-English-Core-EKS_Optimized-1.33-2026.11.10`,
      });
      return anInventoryOnImage(image, {
        nodeSources: [
          aSelfManagedSource({
            sites: [aLaunchTemplateSite({ imageId: image.imageId, userData: decode(text) })],
          }),
        ],
      });
    };

    it('fires on Windows Server 2019 user data with two sections, the call in one of them', () => {
      // Act
      const hits = bootstrapMissing.evaluate(ruleInput(on('2019', `${custom}\n${call}`)));

      // Assess
      expect(hits).toHaveLength(1);
      expect(hits[0]?.evidence).toEqual({
        userData: 'powershell-not-run',
        powershellSections: 2,
        release: '2019',
        bootstrapCallInside: true,
      });
      expect(hits[0]?.detail).toContain(
        'runs Windows Server 2019, whose launch agent EC2Launch v1 runs a <powershell> section only when the user data holds exactly one: this user data holds 2 <powershell> sections, so none of it runs, the bootstrap call included. Merge them into one section.',
      );
      expect(hits[0]?.detail).not.toContain(bootstrapCallSnippet('prod'));
    });

    it('fires on a section never closed, offering the call when it is missing too', () => {
      // Act
      const hits = bootstrapMissing.evaluate(ruleInput(on('2019', '<powershell>Write-Host x')));

      // Assess
      expect(hits[0]?.evidence).toEqual({
        userData: 'powershell-not-run',
        powershellSections: 0,
        release: '2019',
        bootstrapCallInside: false,
      });
      expect(hits[0]?.detail).toContain(
        'holds a <powershell> section never closed by </powershell>, so none of it runs. Close the section.',
      );
      expect(hits[0]?.detail).toContain(bootstrapCallSnippet('prod'));
    });

    it('fires on EC2Launch v2 YAML, which EC2Launch v1 does not read', () => {
      // Prepare
      const yaml = `version: 1.0\ntasks:\n- task: executeScript\n  inputs:\n  - frequency: once\n    type: powershell\n    content: |-\n      & $env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod\n`;

      // Act
      const hits = bootstrapMissing.evaluate(ruleInput(on('2019', yaml)));

      // Assess
      expect(hits[0]?.evidence).toEqual({
        userData: 'powershell-not-run',
        ec2LaunchV2Yaml: true,
        release: '2019',
        bootstrapCallInside: true,
      });
      expect(hits[0]?.detail).toContain(
        'this user data is EC2Launch v2 YAML, which it does not read, so none of it runs, the bootstrap call included. Write the script as a <powershell> section.',
      );
      // EC2Launch v2 reads it
      expect(bootstrapMissing.evaluate(ruleInput(on('2022', yaml)))).toEqual([]);
    });

    it.each([
      ['on Windows Server 2022 (EC2Launch v2)', on('2022', `${custom}\n${call}`)],
      ['with one section on 2019', on('2019', call)],
      [
        'where the release is unknown',
        anInventoryWithSite({ imageId: 'ami-0unknown', userData: decode(`${custom}\n${call}`) }),
      ],
    ])('stays silent when the call runs or may run: %s', (_, inventory) => {
      // Act
      const hits = bootstrapMissing.evaluate(ruleInput(inventory));

      // Assess
      expect(hits).toEqual([]);
    });
  });

  it('fires on a Karpenter instance that has no user data at all', () => {
    // Prepare
    const instance = anInstanceSource();
    const [site] = instance.sites;
    if (!site) throw new Error('builder gave no site');
    const inventory = anInventory({
      nodeSources: [{ ...instance, sites: [{ ...site, userData: { status: 'absent' } }] }],
    });

    // Act
    const hits = bootstrapMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.resource).toEqual({ type: 'AwsEc2Instance', id: 'i-0123456789abcdef0' });
    expect(hits[0]?.evidence).toEqual({ userData: 'absent' });
  });

  it('fires on a CUSTOM managed node group, which EKS does not bootstrap', () => {
    // Prepare
    const custom = aCustomManagedSource();
    const inventory = anInventory({
      nodeSources: [
        {
          ...custom,
          sites: custom.sites.map((site) => ({ ...site, userData: userDataWithoutBootstrap() })),
        },
      ],
    });

    // Act
    const hits = bootstrapMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits.map((hit) => hit.affected[0]?.name)).toEqual(['win-custom']);
  });

  it('fires on gzip-compressed user data, which the Windows launch agents do not run, call or not', () => {
    // Prepare
    const script = `<powershell>\n& "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1" -EKSClusterName prod\n</powershell>`;
    const compressed = gzipSync(Buffer.from(script)).toString('base64');
    const inventory = anInventoryWithSite({ userData: decodeUserData(compressed) });
    const plain = anInventoryWithSite({
      userData: decodeUserData(Buffer.from(script).toString('base64')),
    });

    // Act
    const hits = bootstrapMissing.evaluate(ruleInput(inventory));
    const plainHits = bootstrapMissing.evaluate(ruleInput(plain));

    // Assess
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence).toEqual({ userData: 'gzip-compressed', bootstrapCallInside: true });
    expect(hits[0]?.detail).toContain('gzip-compressed user data');
    expect(plainHits).toEqual([]);
  });

  it('does not fire on the Linux override template of a Windows mixed instances group', () => {
    // Prepare: the group's m6i override names an Amazon Linux template without user data
    const inventory = anInventory({
      nodeSources: [
        aMixedInstancesSource({
          sites: [
            aLaunchTemplateSite(),
            aLaunchTemplateSite({
              ref: OVERRIDE_TEMPLATE,
              imageId: 'ami-0linux2023a',
              userData: { status: 'absent' },
            }),
          ],
        }),
      ],
      images: imagesOf(anEksWindowsImage(), aLinuxImage()),
    });

    // Act
    const hits = bootstrapMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire when the user data calls the bootstrap script', () => {
    // Act
    const hits = bootstrapMissing.evaluate(ruleInput(anInventory()));

    // Assess
    expect(hits).toEqual([]);
  });

  it('does not fire on a managed node group whose Windows amiType lets EKS bootstrap it', () => {
    // Prepare
    const inventory = anInventory({ nodeSources: [aManagedWindowsSource()] });

    // Act
    const hits = bootstrapMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('leaves unreadable user data to userdata-unreadable', () => {
    // Prepare
    const inventory = anInventoryWithSite({
      userData: { status: 'unreadable', reason: 'not base64' },
    });

    // Act
    const hits = bootstrapMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });

  it('says nothing about Linux node sources', () => {
    // Prepare
    const inventory = aLinuxOnlyInventory();

    // Act
    const hits = bootstrapMissing.evaluate(ruleInput(inventory));

    // Assess
    expect(hits).toEqual([]);
  });
});
