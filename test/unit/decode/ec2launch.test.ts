import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkBudget } from '../../../src/decode/budget.ts';
import { ec2LaunchScripts } from '../../../src/decode/ec2launch.ts';
import { decodeUserDataWithWork } from '../../../src/decode/index.ts';
import type { BootstrapCall } from '../../../src/decode/types.ts';
import { bootstrapOf, decodedAnalysis, decodeText, encode } from './user-data-fixtures.ts';

// The shape of the executeScript example in the Amazon EC2 user guide ("EC2Launch v2 task
// definitions" and "User data scripts"): indented sequences, a literal block scalar.
const AWS_DOCS_EXAMPLE = String.raw`version: 1.0
tasks:
  - task: executeScript
    inputs:
      - frequency: always
        type: powershell
        runAs: localSystem
        content: |-
          & "$env:ProgramFiles\Amazon\EKS\Start-EKSBootstrap.ps1" -EKSClusterName prod
`;

const ENDPOINT = 'https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com';

const PROD_CALL: BootstrapCall = {
  args: { EKSClusterName: { kind: 'literal', value: 'prod' } },
  unknownParameters: [],
};

describe('Function: decodeUserData, with EC2Launch v2 YAML user data', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('every YAML form EC2Launch v2 reads', () => {
    it('reads the executeScript example of the AWS documentation', () => {
      // Act
      const analysis = decodeText(AWS_DOCS_EXAMPLE);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ bootstrap: PROD_CALL, ec2LaunchV2Yaml: true }));
    });

    it('joins the lines of a folded scalar into one call, as EC2Launch runs it', () => {
      // Prepare
      const text = String.raw`version: 1.0
tasks:
  - task: executeScript
    inputs:
      - frequency: always
        type: powershell
        runAs: localSystem
        content: >-
          & "$env:ProgramFiles\Amazon\EKS\Start-EKSBootstrap.ps1"
          -EKSClusterName prod
          -APIServerEndpoint ${ENDPOINT}
          -ContainerRuntime containerd
`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(bootstrapOf(analysis)?.args).toEqual({
        EKSClusterName: { kind: 'literal', value: 'prod' },
        APIServerEndpoint: { kind: 'literal', value: ENDPOINT },
        ContainerRuntime: { kind: 'literal', value: 'containerd' },
      });
    });

    it('keeps the line break a blank line makes in a folded scalar', () => {
      // Prepare
      const text = String.raw`version: 1.0
tasks:
  - task: executeScript
    inputs:
      - frequency: always
        type: powershell
        content: >-
          $ClusterName =
          'prod'

          & "$env:ProgramFiles\Amazon\EKS\Start-EKSBootstrap.ps1"
          -EKSClusterName $ClusterName
`;

      // Act
      const scripts = ec2LaunchScripts(text, WorkBudget.forInput(text.length));

      // Assess
      expect(scripts).toEqual({
        powershell: [
          `$ClusterName = 'prod'\n& "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1" -EKSClusterName $ClusterName`,
        ],
        batch: [],
        powershellTags: { opened: 0, closed: 0 },
        yaml: true,
      });
      expect(bootstrapOf(decodeText(text))).toEqual(PROD_CALL);
    });

    it('reads a task written as a flow mapping', () => {
      // Prepare
      const text = String.raw`version: 1.0
tasks:
  - {task: executeScript, inputs: [{frequency: always, type: powershell, content: "& \"$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1\" -EKSClusterName prod"}]}
`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ bootstrap: PROD_CALL, ec2LaunchV2Yaml: true }));
    });

    it('reads a whole document in flow style, with a single-quoted script', () => {
      // Prepare
      const text = String.raw`{version: "1.0", tasks: [{task: executeScript, inputs: [{type: powershell,
  content: '& ''C:\Program Files\Amazon\EKS\Start-EKSBootstrap.ps1'' -EKSClusterName prod'}]}]}
`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ bootstrap: PROD_CALL, ec2LaunchV2Yaml: true }));
    });

    it('reads a double-quoted script that spans lines', () => {
      // Prepare
      const text = String.raw`version: 1.0
tasks:
  - task: executeScript
    inputs:
      - frequency: always
        type: powershell
        content: "& \"$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1\"
          -EKSClusterName prod"
`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ bootstrap: PROD_CALL, ec2LaunchV2Yaml: true }));
    });

    it('resolves anchors and aliases', () => {
      // Prepare
      const text = String.raw`version: 1.0
tasks:
  - task: executeScript
    inputs:
      - frequency: once
        type: &powershell powershell
        runAs: &runAs localSystem
        content: |-
          New-Item -Path 'C:\PowerShellTest.txt' -ItemType File
      - frequency: always
        type: *powershell
        runAs: *runAs
        content: |-
          & "$env:ProgramFiles\Amazon\EKS\Start-EKSBootstrap.ps1" -EKSClusterName prod
`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ bootstrap: PROD_CALL, ec2LaunchV2Yaml: true }));
    });

    it('takes the keys of a merge key', () => {
      // Prepare
      const text = String.raw`version: 1.0
tasks:
  - task: executeScript
    inputs:
      - &always
        frequency: always
        type: powershell
        runAs: localSystem
        content: Set-TimeZone -Id 'UTC'
      - <<: *always
        content: |-
          & "$env:ProgramFiles\Amazon\EKS\Start-EKSBootstrap.ps1" -EKSClusterName prod
`;

      // Act
      const scripts = ec2LaunchScripts(text, WorkBudget.forInput(text.length));

      // Assess
      expect(scripts.powershell).toEqual([
        "Set-TimeZone -Id 'UTC'",
        '& "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1" -EKSClusterName prod',
      ]);
    });

    it('reads a document with CRLF line endings', () => {
      // Prepare
      const text = String.raw`version: 1.0
tasks:
  - task: executeScript
    inputs:
      - frequency: always
        type: powershell
        runAs: localSystem
        content: |-
          & "$env:ProgramFiles\Amazon\EKS\Start-EKSBootstrap.ps1" -EKSClusterName prod ${'`'}
            -ContainerRuntime containerd
`.replaceAll('\n', '\r\n');

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(bootstrapOf(analysis)?.args).toEqual({
        EKSClusterName: { kind: 'literal', value: 'prod' },
        ContainerRuntime: { kind: 'literal', value: 'containerd' },
      });
    });

    it('reads a document with a document marker, comments and a quoted version', () => {
      // Prepare
      const text = String.raw`# EC2Launch v2 user data for the Windows nodes of prod
---
version: '1.0' # the only schema version EC2Launch v2 knows
tasks:
  # The bootstrap runs at every boot, as the EKS AMI expects.
  - task: executeScript
    inputs:
      - frequency: always # not once
        type: powershell
        content: |
          # Join the cluster.
          & "$env:ProgramFiles\Amazon\EKS\Start-EKSBootstrap.ps1" -EKSClusterName prod
`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ bootstrap: PROD_CALL, ec2LaunchV2Yaml: true }));
    });
  });

  describe('tasks and inputs', () => {
    it('reads every input of every executeScript task in order, keys in any order', () => {
      // Prepare
      const text = String.raw`version: 1.0
tasks:
  - task: setWallpaper
    inputs:
      path: C:\ProgramData\Amazon\EC2Launch\wallpaper.bmp
  - task: writeFile
    inputs:
      - frequency: once
        destination: C:\bootstrap.ps1
        content: |-
          & "$env:ProgramFiles\Amazon\EKS\Start-EKSBootstrap.ps1" -EKSClusterName written
  - task: executeScript
    inputs:
      - content: echo first > C:\first.log
        type: Batch
        frequency: once
      - runAs: admin
        content: |-
          Write-Host one
        frequency: always
        type: PowerShell
  - task: executeScript
    inputs:
      - type: powershell
        frequency: always
        content: Write-Host two
`;

      // Act
      const scripts = ec2LaunchScripts(text, WorkBudget.forInput(text.length));

      // Assess
      expect(scripts).toEqual({
        powershell: ['Write-Host one', 'Write-Host two'],
        batch: ['echo first > C:\\first.log'],
        powershellTags: { opened: 0, closed: 0 },
        yaml: true,
      });
    });

    it('finds no call in a document whose tasks are not a list', () => {
      // Prepare
      const text = 'version: 1.0\ntasks:\n  task: executeScript\n  content: x\n';

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ powershell: false }));
    });

    it('leaves text that does not look like EC2Launch v2 YAML unparsed', () => {
      // Prepare
      const text = '#!/bin/bash\nkey: [unclosed\n/etc/eks/bootstrap.sh prod\n';

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ powershell: false }));
    });
  });

  describe('hostile and broken documents', () => {
    it('stops a billion-laughs alias bomb quickly, without a call', () => {
      // Prepare
      const levels = Array.from(
        { length: 9 },
        (_, level) => `x${level + 1}: &a${level + 1} [${Array(10).fill(`*a${level}`).join(', ')}]`,
      );
      const text = `${AWS_DOCS_EXAMPLE}x0: &a0 "lol"\n${levels.join('\n')}\n`;

      // Act
      const { analysis, work } = decodeUserDataWithWork(encode(text));

      // Assess: stopped by the alias limit, well within the work budget.
      expect(work.exhausted).toBe(false);
      expect(analysis).toEqual({
        status: 'unreadable',
        reason: 'EC2Launch v2 YAML could not be parsed',
      });
    });

    it('refuses scripts that aliases expand beyond 64 KiB', () => {
      // Prepare
      // 46 copies of a 1.5 KB script: few enough aliases, too many characters.
      const line = `Write-Host ${'x'.repeat(1500)}`;
      const tasks = Array(45).fill('  - {task: executeScript, inputs: *inputs}').join('\n');
      const text = `version: 1.0
script: &script "${line}"
tasks:
  - task: executeScript
    inputs: &inputs
      - {type: powershell, content: *script}
${tasks}
`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual({
        status: 'unreadable',
        reason: 'EC2Launch v2 YAML scripts exceed 64 KiB',
      });
    });

    it('says that YAML which looks like EC2Launch v2 could not be parsed, quoting nothing', () => {
      // Prepare
      const secret = 'Pa55w0rd-do-not-leak';
      const text = String.raw`version: 1.0
tasks:
  - task: executeScript
    inputs:
      - frequency: always
        type: powershell
        content: "& 'C:\x\Start-EKSBootstrap.ps1' -EKSClusterName prod; $p = '${secret}'
      runAs: localSystem
`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual({
        status: 'unreadable',
        reason: 'EC2Launch v2 YAML could not be parsed',
      });
      expect(JSON.stringify(analysis)).not.toContain(secret);
    });

    it('writes no warning that could quote the input', () => {
      // Prepare
      const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const text = `? [Pa55w0rd-do-not-leak]\n: x\n${AWS_DOCS_EXAMPLE}`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ bootstrap: PROD_CALL, ec2LaunchV2Yaml: true }));
      expect(emitWarning).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
    });
  });
});
