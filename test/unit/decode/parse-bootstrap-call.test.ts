import { describe, expect, it } from 'vitest';
import { PowerShellParseError, parseBootstrapCall } from '../../../src/decode/index.ts';

const SCRIPT = `'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1'`;

/** A call of the bootstrap script by its literal path with the given arguments. */
function call(argumentsText: string): string {
  return `& ${SCRIPT} ${argumentsText}`;
}

describe('Function: parseBootstrapCall', () => {
  describe('quoting', () => {
    it.each([
      ['double quotes', '-EKSClusterName "prod"'],
      ['single quotes', "-EKSClusterName 'prod'"],
      ['no quotes', '-EKSClusterName prod'],
      ['typographic quotes', '-EKSClusterName \u201cprod\u201d'],
      ['a typographic dash', '\u2013EKSClusterName prod'],
      ['the colon form', '-EKSClusterName:prod'],
    ])('reads a value in %s', (_shape, argumentsText) => {
      // Act
      const result = parseBootstrapCall(call(argumentsText));

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
    });

    it.each([
      ['a no-break space', '\u00a0'],
      ['a next-line character', '\u0085'],
      ['an em space', '\u2003'],
      ['a line separator', '\u2028'],
    ])('takes %s between words for a space, as PowerShell does', (_, space) => {
      // Act
      const result = parseBootstrapCall(
        call(`-EKSClusterName${space}prod${space}-DNSClusterIP 10.100.0.10`),
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
      expect(result?.args.DNSClusterIP).toEqual({ kind: 'literal', value: '10.100.0.10' });
    });

    it('keeps a byte-order mark inside a word, as PowerShell does (no separator there)', () => {
      // Act
      const result = parseBootstrapCall(
        call('-EKSClusterName prod\ufeff-DNSClusterIP\ufeff48291736'),
      );

      // Assess: one word, given to -EKSClusterName; nothing binds to -DNSClusterIP
      expect(result?.args.EKSClusterName).toEqual({
        kind: 'literal',
        value: 'prod\ufeff-DNSClusterIP\ufeff48291736',
      });
      expect(result?.args.DNSClusterIP).toBeUndefined();
    });

    it('unescapes doubled quotes and backtick escapes', () => {
      // Act
      const result = parseBootstrapCall(
        call(`-KubeletExtraArgs 'it''s' -KubeProxyExtraArgs "say \`"hi\`" and ""bye"""`),
      );

      // Assess
      expect(result?.args.KubeletExtraArgs).toEqual({ kind: 'literal', value: "it's" });
      expect(result?.args.KubeProxyExtraArgs).toEqual({
        kind: 'literal',
        value: 'say "hi" and "bye"',
      });
    });

    it('keeps a dollar sign in single quotes literal', () => {
      // Act
      const result = parseBootstrapCall(call(`-EKSClusterName '$NotAVariable'`));

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: '$NotAVariable' });
    });

    it.each([
      ['a double-quoted string', '-EKSClusterName "prod\nnet user Administrator Secret1'],
      ['a single-quoted string', "-EKSClusterName 'prod\nnet user Administrator Secret1"],
      ['a here-string', '-EKSClusterName @"\nprod\nnet user Administrator Secret1'],
    ])(
      'leaves the value of %s never closed unknown, not the rest of the script',
      (_shape, text) => {
        // Act
        const result = parseBootstrapCall(call(text));

        // Assess
        expect(result?.args.EKSClusterName).toEqual({ kind: 'unresolved' });
        expect(JSON.stringify(result)).not.toContain('Secret1');
      },
    );
  });

  describe('variables', () => {
    it.each([
      ['a plain assignment', '$ClusterName = "prod"'],
      ['a typed assignment', "[string]$ClusterName = 'prod'"],
      ['an assignment without spaces', '$ClusterName="prod"'],
      ['a differently cased name', '$CLUSTERNAME = "prod"'],
      ['a script-scoped assignment', '$script:ClusterName = "prod"'],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: PowerShell's ${name} syntax
      ['braces', '${ClusterName} = "prod"'],
    ])('resolves a value from %s', (_shape, assignment) => {
      // Act
      const result = parseBootstrapCall(`${assignment}\n${call('-EKSClusterName $ClusterName')}`);

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
    });

    it('reports a variable that is never assigned as unresolved, by name', () => {
      // Act
      const result = parseBootstrapCall(call('-EKSClusterName $ClusterName'));

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'unresolved', variable: 'ClusterName' });
    });

    it('reports a variable assigned from a command as unresolved', () => {
      // Act
      const result = parseBootstrapCall(
        `$ClusterName = (Get-EC2Tag -Filter @{Name='key';Values='cluster'}).Value\n${call('-EKSClusterName $ClusterName')}`,
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'unresolved', variable: 'ClusterName' });
    });

    it('uses the value assigned last before the call, not one assigned after it', () => {
      // Act
      const result = parseBootstrapCall(
        `$Name = 'first'\n$Name = 'second'\n${call('-EKSClusterName $Name')}\n$Name = 'third'`,
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'second' });
    });

    it.each([
      ['Set-Variable', 'Set-Variable -Name Name -Value other'],
      ['its alias sv, naming by position', 'sv Name other'],
      ['Clear-Variable', 'Clear-Variable Name'],
      ['Set-Variable, naming it in quotes', "Set-Variable -Name 'Name' -Value other"],
      ['New-Variable, naming it in double quotes', 'New-Variable -Name "Name" -Value other -Force'],
    ])('reads a variable changed by %s as unresolved after it', (_, change) => {
      // Act
      const result = parseBootstrapCall(
        `$Name = 'prod'\n${change}\n${call('-EKSClusterName $Name')}`,
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'unresolved', variable: 'Name' });
    });

    it('treats an appended variable as unresolved', () => {
      // Act
      const result = parseBootstrapCall(
        `$Name = 'prod'\n$Name += '-2'\n${call('-EKSClusterName $Name')}`,
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'unresolved', variable: 'Name' });
    });

    it('interpolates a known variable inside double quotes', () => {
      // Act
      // biome-ignore lint/suspicious/noTemplateCurlyInString: PowerShell's ${name} syntax
      const braced = '-KubeletExtraArgs "--node-labels=env=${Env}x"';
      const result = parseBootstrapCall(
        `$Env = 'prod'\n${call(`-EKSClusterName "eks-$Env-01" ${braced}`)}`,
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'eks-prod-01' });
      expect(result?.args.KubeletExtraArgs).toEqual({
        kind: 'literal',
        value: '--node-labels=env=prodx',
      });
    });

    it('reports interpolation of an unknown variable as unresolved, by name, with the text around it', () => {
      // Act
      const result = parseBootstrapCall(call('-EKSClusterName "eks-$Env"'));

      // Assess
      expect(result?.args.EKSClusterName).toEqual({
        kind: 'unresolved',
        variable: 'Env',
        knownParts: ['eks-', ''],
      });
    });

    it('keeps the text around every unknown part of a string, in order', () => {
      // Act
      const result = parseBootstrapCall(
        call(
          '-EKSClusterName prod -KubeProxyExtraArgs "--log-dir=$env:LogRoot\\kube-proxy --v=$(Get-Level) --logtostderr=false"',
        ),
      );

      // Assess
      expect(result?.args.KubeProxyExtraArgs).toEqual({
        kind: 'unresolved',
        variable: 'env:LogRoot',
        knownParts: ['--log-dir=', '\\kube-proxy --v=', ' --logtostderr=false'],
      });
    });

    it('keeps the text of an array with an unknown item, joined as a string parameter receives it', () => {
      // Act
      const result = parseBootstrapCall(
        call('-EKSClusterName prod -KubeletExtraArgs "--node-labels=a=b",$Extra'),
      );

      // Assess
      expect(result?.args.KubeletExtraArgs).toEqual({
        kind: 'unresolved',
        variable: 'Extra',
        knownParts: ['--node-labels=a=b ', ''],
      });
    });

    it.each([
      ['bound by position', '-EKSClusterName prod "--log-dir=$env:LogRoot"'],
      ['bound through an abbreviated name', '-EKSClusterName prod -KubeletExtra "--log-dir=$Dir"'],
    ])(
      "keeps none of the text of a value %s, which may be another command's words",
      (_how, args) => {
        // Act
        const result = parseBootstrapCall(call(args));

        // Assess
        expect(result?.args.KubeletExtraArgs).toMatchObject({ kind: 'unresolved' });
        expect(result?.args.KubeletExtraArgs).not.toHaveProperty('knownParts');
        expect(result?.positional?.[0]?.value ?? {}).not.toHaveProperty('knownParts');
      },
    );

    it('reports a subexpression as unresolved without a variable', () => {
      // Act
      const result = parseBootstrapCall(
        call('-EKSClusterName "$(Get-Content C:\\name.txt)" -DNSClusterIP $(Get-Ip)'),
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'unresolved' });
      expect(result?.args.DNSClusterIP).toEqual({ kind: 'unresolved' });
    });

    it('reads a subexpression of one variable alone as that variable, in a string or not', () => {
      // Act
      const result = parseBootstrapCall(
        `$Name = 'prod'\n$Ip = '172.20.0.10'\n${call('-EKSClusterName "$( $Name )" -DNSClusterIP $($Ip)')}`,
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
      expect(result?.args.DNSClusterIP).toEqual({ kind: 'literal', value: '172.20.0.10' });
    });

    it("leaves unresolved a subexpression's member, which applies to the variable's value", () => {
      // Act: PowerShell passes 4, the name's length.
      const result = parseBootstrapCall(
        `$Name = 'prod'\n${call('-EKSClusterName $($Name).Length')}`,
      );

      // Assess
      expect(result?.args.EKSClusterName).toMatchObject({ kind: 'unresolved' });
    });

    it('reports member access as unresolved, naming the variable', () => {
      // Act
      const result = parseBootstrapCall(
        `$Config = @{ Name = 'prod' }\n${call('-EKSClusterName $Config.Name')}`,
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'unresolved', variable: 'Config' });
    });

    it('gives up on a value that interpolation would grow beyond its limit', () => {
      // Prepare: each line doubles the string, 2^30 characters in the end.
      const lines = ['$v0 = "xx"'];
      for (let index = 1; index <= 30; index++)
        lines.push(`$v${index} = "$v${index - 1}$v${index - 1}"`);

      // Act
      const result = parseBootstrapCall(`${lines.join('\n')}\n${call('-EKSClusterName $v30')}`);

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'unresolved', variable: 'v30' });
    });
  });

  describe('the command', () => {
    it('finds a call through a variable naming the script under $env:ProgramFiles, even without -EKSClusterName', () => {
      // Act
      const result = parseBootstrapCall(
        '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"\n' +
          '& $EKSBootstrapScriptFile -DNSClusterIP "172.20.0.10"',
      );

      // Assess
      expect(result?.args).toEqual({ DNSClusterIP: { kind: 'literal', value: '172.20.0.10' } });
    });

    it.each([
      [
        'the call operator and a single-quoted path',
        `& 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1'`,
      ],
      [
        'the call operator and $env:ProgramFiles',
        `& "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"`,
      ],
      [
        'an unquoted path without the call operator',
        'C:\\PROGRA~1\\Amazon\\EKS\\Start-EKSBootstrap.ps1',
      ],
      ['a relative path', '.\\Start-EKSBootstrap.ps1'],
      ['a relative path without the extension', '.\\Start-EKSBootstrap'],
      [
        'the call operator and a path without the extension',
        `& "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap"`,
      ],
      ['dot-sourcing', `. 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1'`],
      [
        'a differently cased file name',
        `& 'C:\\Program Files\\Amazon\\EKS\\start-eksbootstrap.PS1'`,
      ],
      [
        'a variable holding the path',
        `$F = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"\n& $F`,
      ],
      [
        'the output captured in a variable',
        `$Out = & 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1'`,
      ],
    ])('recognises %s', (_shape, command) => {
      // Act
      const result = parseBootstrapCall(`${command} -EKSClusterName prod`);

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
    });

    it('recognises a call whose path cannot be known when it passes -EKSClusterName', () => {
      // Act
      const result = parseBootstrapCall('& $BootstrapScript -EKSClusterName prod');

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
    });

    it.each([
      [
        'another script with the same parameter',
        `& 'C:\\tools\\Register-Node.ps1' -EKSClusterName prod`,
      ],
      ['an unknown path without -EKSClusterName', '& $BootstrapScript -DNSClusterIP 10.100.0.10'],
      [
        'the script name in a string',
        'Write-Host "& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod"',
      ],
      [
        'the script name in a line comment',
        '# & C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod',
      ],
      [
        'a line comment after code',
        'Write-Host hi # ; & C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod',
      ],
      ['a line comment ending in a backtick', '# old: `\n& C:\\x\\Other.ps1 -EKSClusterName prod'],
      [
        'the script name in a block comment',
        '<#\n& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod\n#>',
      ],
      [
        'a string expression, not a command',
        "'C:\\x\\Start-EKSBootstrap.ps1' -EKSClusterName prod",
      ],
      ['a here-string', "$Doc = @'\n& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod\n'@"],
    ])('finds no call in %s', (_shape, script) => {
      // Act
      const result = parseBootstrapCall(script);

      // Assess
      expect(result).toBeUndefined();
    });

    it('returns the first of two calls', () => {
      // Act
      const result = parseBootstrapCall(
        `${call('-EKSClusterName first')}\n${call('-EKSClusterName second')}`,
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'first' });
    });

    it('finds a call inside script blocks and conditions', () => {
      // Act
      const result = parseBootstrapCall(
        `if (Test-Path C:\\ready) {\n  try {\n    ${call('-EKSClusterName prod')}\n  } catch { exit 1 }\n}`,
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
    });

    it('leaves unresolved what the calls of if/else branches give differently, and keeps what they give alike', () => {
      // Act
      const result = parseBootstrapCall(
        `if ($env:COMPUTERNAME -like 'STG*') {\n  ${call('-EKSClusterName staging -ContainerRuntime containerd')}\n} else {\n  ${call('-EKSClusterName prod -ContainerRuntime containerd -DNSClusterIP 10.100.0.10')}\n}`,
      );

      // Assess
      expect(result?.args).toEqual({
        EKSClusterName: { kind: 'unresolved' },
        ContainerRuntime: { kind: 'literal', value: 'containerd' },
        DNSClusterIP: { kind: 'unresolved' },
      });
    });

    it.each([
      [
        'elseif and else',
        `if ($a) { ${call('-EKSClusterName prod')} } elseif ($b) { ${call('-EKSClusterName prod')} } else { ${call('-EKSClusterName other')} }`,
        { kind: 'unresolved' },
      ],
      [
        'the cases of a switch',
        `switch ($stage) { 'stg' { ${call('-EKSClusterName staging')} } default { ${call('-EKSClusterName prod')} } }`,
        { kind: 'unresolved' },
      ],
      [
        'branches that agree',
        `if ($a) { ${call('-EKSClusterName prod')} } else { ${call('-EKSClusterName prod')} }`,
        { kind: 'literal', value: 'prod' },
      ],
      [
        'one branch only',
        `if ($a) { ${call('-EKSClusterName prod')} } else { Write-Host skipped }`,
        { kind: 'literal', value: 'prod' },
      ],
    ])('reads the cluster name of calls in %s', (_shape, script, expected) => {
      // Act
      const result = parseBootstrapCall(script);

      // Assess
      expect(result?.args.EKSClusterName).toEqual(expected);
    });

    it("keeps a problem of any branch's call", () => {
      // Act
      const result = parseBootstrapCall(
        `if ($a) { ${call('-EKSClusterName prod')} } else { ${call('-EKSClusterName prod -EKSClusterNmae prod')} }`,
      );

      // Assess
      expect(result?.unknownParameters).toEqual(['EKSClusterNmae']);
    });

    it.each([
      [
        'both branches of if/else',
        "if ($legacy) { $runtime = 'docker' } else { $runtime = 'containerd' }",
      ],
      [
        'a switch',
        "switch ($version) { '1.23' { $runtime = 'docker' } default { $runtime = 'containerd' } }",
      ],
      [
        'a function never called',
        "$runtime = 'containerd'\nfunction Use-Docker { $runtime = 'docker' }",
      ],
    ])('leaves a variable assigned in %s unresolved after it', (_shape, script) => {
      // Act
      const result = parseBootstrapCall(
        `${script}\n${call('-EKSClusterName prod -ContainerRuntime $runtime')}`,
      );

      // Assess
      expect(result?.args.ContainerRuntime).toEqual({ kind: 'unresolved', variable: 'runtime' });
    });

    it.each([
      ['a try block', "try { $runtime = 'containerd' } catch { exit 1 }"],
      ['a finally block', "try { Get-Date } finally { $runtime = 'containerd' }"],
    ])('keeps a variable assigned in %s, which always runs, known after it', (_shape, script) => {
      // Act
      const result = parseBootstrapCall(
        `${script}\n${call('-EKSClusterName prod -ContainerRuntime $runtime')}`,
      );

      // Assess
      expect(result?.args.ContainerRuntime).toEqual({ kind: 'literal', value: 'containerd' });
    });

    it('leaves a variable assigned in a catch block unresolved after it', () => {
      // Act
      const result = parseBootstrapCall(
        `$runtime = 'containerd'\ntry { Get-Date } catch { $runtime = 'docker' }\n${call('-EKSClusterName prod -ContainerRuntime $runtime')}`,
      );

      // Assess
      expect(result?.args.ContainerRuntime).toEqual({ kind: 'unresolved', variable: 'runtime' });
    });

    it('reads a variable assigned earlier in the same script block as the call', () => {
      // Act
      const result = parseBootstrapCall(
        `if ($ready) {\n  $runtime = 'containerd'\n  ${call('-EKSClusterName prod -ContainerRuntime $runtime')}\n}`,
      );

      // Assess
      expect(result?.args.ContainerRuntime).toEqual({ kind: 'literal', value: 'containerd' });
    });

    it('finds a call started by powershell.exe -File', () => {
      // Act
      const result = parseBootstrapCall(
        'powershell.exe -ExecutionPolicy Bypass -File "C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1" -EKSClusterName prod',
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
    });

    it('finds no call of powershell.exe -File naming the script without its extension, which it refuses to run', () => {
      // Act
      const result = parseBootstrapCall(
        'powershell.exe -File "C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap" -EKSClusterName prod',
      );

      // Assess
      expect(result).toBeUndefined();
    });

    it.each(['-EncodedCommand', '-enc', '-e', '-ec'])(
      'finds a call in the script text of powershell.exe %s (base64 of UTF-16LE)',
      (parameter) => {
        // Prepare
        const script = `& "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1" -EKSClusterName prod`;
        const encoded = Buffer.from(script, 'utf16le').toString('base64');

        // Act
        const result = parseBootstrapCall(`powershell.exe -NoProfile ${parameter} ${encoded}`);

        // Assess
        expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
      },
    );

    it('finds no call in an -EncodedCommand that is not base64 of UTF-16LE text', () => {
      // Act
      const result = parseBootstrapCall('powershell.exe -EncodedCommand not*base64');

      // Assess
      expect(result).toBeUndefined();
    });

    it('finds a call in the script text of powershell.exe -Command', () => {
      // Act
      const result = parseBootstrapCall(
        `powershell -NoProfile -Command "& 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod"`,
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
    });

    it.each([
      [
        'Invoke-Expression with the text',
        `Invoke-Expression "& 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod"`,
      ],
      [
        'iex -Command with the text',
        `iex -Command "& 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod"`,
      ],
      [
        'Invoke-Expression with a variable holding the text',
        `$cmd = "& 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod"\nInvoke-Expression $cmd`,
      ],
      [
        'Start-Process of powershell.exe with its command line',
        `Start-Process powershell.exe -ArgumentList '-ExecutionPolicy Bypass -File "C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1" -EKSClusterName prod' -Wait -NoNewWindow`,
      ],
      [
        'Start-Process by its named parameters, in another order',
        `Start-Process -Wait -ArgumentList '-File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod' -FilePath 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'`,
      ],
      [
        'cmd /c powershell -Command',
        `cmd /c powershell -Command "& 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod"`,
      ],
      [
        'cmd.exe /S /C powershell.exe -File',
        `C:\\Windows\\System32\\cmd.exe /S /C powershell.exe -ExecutionPolicy Bypass -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod`,
      ],
      [
        'cmd /c with the command line in quotes',
        `cmd /c "powershell -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod"`,
      ],
      [
        'cmd /c with a quoted command line that runs PowerShell after another command',
        `cmd /c "cd /d C:\\EKS && powershell -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod"`,
      ],
      [
        'cmd /c cmd /c',
        'cmd /c cmd /c powershell -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod',
      ],
      [
        'cmd /c start with a title and switches',
        'cmd /c start "" /D C:\\EKS /wait powershell -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod',
      ],
      [
        'cmd /c and a host path holding a variable',
        'cmd /c $env:SystemRoot\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod',
      ],
    ])('finds a call run by %s', (_, userData) => {
      // Act
      const result = parseBootstrapCall(userData);

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
    });

    it.each([
      [
        'a string',
        `"& 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod" | iex`,
      ],
      [
        "Write-Output's argument",
        `Write-Output "& 'C:\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod" | iex`,
      ],
      [
        'a variable, the pipe ending the line',
        `$cmd = "& 'C:\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod"\n$cmd |\n  Invoke-Expression`,
      ],
    ])('finds a call piped into Invoke-Expression: %s', (_, userData) => {
      // Act
      const result = parseBootstrapCall(userData);

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
    });

    it.each([
      [
        'cmd /c naming the script, which it opens with its file association',
        `cmd /c C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod`,
      ],
      [
        'cmd without /c',
        `cmd /q powershell -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod`,
      ],
      [
        'a quoted cmd /c line whose programs are no PowerShell',
        `cmd /c "echo powershell && notpowershell -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod"`,
      ],
      [
        'cmd /c naming the script in quotes',
        `cmd /c "C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod"`,
      ],
    ])('finds no call in %s', (_, userData) => {
      expect(parseBootstrapCall(userData)).toBeUndefined();
    });

    it.each([
      [
        'powershell.exe, its first argument that is no parameter starting -Command',
        'powershell.exe -NoProfile -ExecutionPolicy Bypass C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod',
      ],
      [
        'powershell, the -Command text in quotes after its switches',
        `powershell -NoProfile -ExecutionPolicy:Bypass "& 'C:\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod"`,
      ],
      [
        'powershell -Command with several arguments, joined',
        'powershell -WindowStyle Hidden -Command C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod',
      ],
      [
        'pwsh, its first argument that is no parameter the -File script',
        'pwsh -NoLogo -wd C:\\EKS C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod',
      ],
      [
        'powershell with its switches in a splat before -File',
        "$common = '-NoProfile', '-ExecutionPolicy', 'Bypass'\npowershell @common -File 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod",
      ],
      [
        'powershell with a switch in a variable before -File',
        "$ep = '-NoProfile'\npowershell $ep -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod",
      ],
      [
        'powershell after --%',
        `powershell --% -NoProfile -Command "& 'C:\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod"`,
      ],
      [
        'powershell with cmd.exe %NAME% switches before -File',
        'powershell %PS_OPTS% -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod',
      ],
      [
        'powershell.exe with /Name parameters',
        'powershell.exe /NoProfile /ExecutionPolicy Bypass /File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod',
      ],
    ])('finds the call of %s', (_, userData) => {
      // Act
      const result = parseBootstrapCall(userData);

      // Assess
      expect(result).toEqual({
        args: { EKSClusterName: { kind: 'literal', value: 'prod' } },
        unknownParameters: [],
      });
    });

    it.each([
      [
        'a -Command with a single-quoted path that has a space',
        `Start-Process powershell.exe -ArgumentList "-NoProfile -Command & 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod" -Wait`,
        { EKSClusterName: { kind: 'literal', value: 'prod' } },
      ],
      [
        'a -File argument in single quotes, which the script gets with them',
        `Start-Process powershell.exe -ArgumentList "-File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName 'prod'" -Wait`,
        { EKSClusterName: { kind: 'literal', value: "'prod'" } },
      ],
    ])("reads Start-Process's command line as no shell does: %s", (_, userData, args) => {
      // Act: powershell.exe splits it by the C runtime's rules, where ' is no quote
      const result = parseBootstrapCall(userData);

      // Assess
      expect(result?.args).toEqual(args);
    });

    it('joins the arguments after -Command without their quotes, as powershell.exe does', () => {
      // Act: the host runs `…ps1 -EKSClusterName prod -KubeletExtraArgs --v=2 --node-labels=a=b`
      const result = parseBootstrapCall(
        'powershell -Command C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod -KubeletExtraArgs "--v=2 --node-labels=a=b"',
      );

      // Assess
      expect(result?.args.KubeletExtraArgs).toEqual({ kind: 'literal', value: '--v=2' });
      expect(result?.positional).toEqual([
        { parameter: 'KubeProxyExtraArgs', value: { kind: 'literal', value: '--node-labels=a=b' } },
      ]);
    });

    it("takes the argument after a host parameter it does not know as that parameter's value", () => {
      // Act: -Unknown may take a value; reading it as the -Command text would invent one
      const result = parseBootstrapCall(
        'powershell -Unknown Value -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod',
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
    });

    it('reads a command found by an expression as unknown, its member access as no argument', () => {
      // Act
      const result = parseBootstrapCall(
        '& (Get-ChildItem C:\\EKS -Filter Start-EKSBootstrap.ps1).FullName -EKSClusterName prod',
      );

      // Assess
      expect(result).toEqual({
        args: { EKSClusterName: { kind: 'literal', value: 'prod' } },
        unknownParameters: [],
      });
    });

    it("keeps the machine settings made before a -Command text changed by a method, and cmd.exe's %% as a percent sign", () => {
      // Act
      const changed = parseBootstrapCall(
        `[Environment]::SetEnvironmentVariable('SERVICE_IPV4_CIDR', '10.50.0.0/16', 'Machine')\npowershell -Command ("& C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName CLUSTER").Replace('CLUSTER', $Name)`,
      );
      const escaped = parseBootstrapCall(
        'cmd /c powershell -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod -KubeletExtraArgs "--eviction-hard=memory.available<5%%,nodefs.available<10%%"',
      );

      // Assess
      expect(changed?.machineEnvironment).toEqual({
        SERVICE_IPV4_CIDR: { kind: 'literal', value: '10.50.0.0/16' },
      });
      expect(escaped?.args.KubeletExtraArgs?.kind).toBe('literal');
    });

    it('reads the call of a -Command text changed by a method, its values unknown', () => {
      // Act
      const result = parseBootstrapCall(
        `powershell -Command ("& C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName CLUSTER -Bogus 1").Replace('CLUSTER', $Name)`,
      );

      // Assess
      expect(result).toEqual({
        args: { EKSClusterName: { kind: 'unresolved' } },
        unknownParameters: [],
      });
    });

    it("reads cmd.exe's %NAME% variables as unknown, keeping the text around them", () => {
      // Act
      const result = parseBootstrapCall(
        'cmd /c powershell -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName %CLUSTER_NAME% -KubeletExtraArgs "--node-labels=role=%ROLE% --v=2"',
      );

      // Assess
      expect(result?.args).toEqual({
        EKSClusterName: { kind: 'unresolved', variable: 'env:CLUSTER_NAME' },
        KubeletExtraArgs: {
          kind: 'unresolved',
          variable: 'env:ROLE',
          knownParts: ['--node-labels=role=', ' --v=2'],
        },
      });
    });

    it.each([
      [
        "another command's output",
        `Write-Host "& 'C:\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod" | iex`,
      ],
      [
        'a pipe before another statement',
        `"& 'C:\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod" | Out-Null\niex`,
      ],
      [
        'a pipeline chain (||), which passes nothing',
        `"& 'C:\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod" || iex`,
      ],
    ])('runs nothing piped into Invoke-Expression from %s', (_, userData) => {
      // Act and assess
      expect(parseBootstrapCall(userData)).toBeUndefined();
    });

    it('reads a text run by Invoke-Expression as far as it is known, an unknown value unresolved', () => {
      // Act: the script's path comes from $env:ProgramFiles, the name from an unknown variable.
      const result = parseBootstrapCall(
        '$script = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"\nInvoke-Expression "& \'$script\' -EKSClusterName $name -ContainerRuntime containerd"',
      );

      // Assess
      expect(result?.args.EKSClusterName?.kind).toBe('unresolved');
      expect(result?.args.ContainerRuntime).toEqual({ kind: 'literal', value: 'containerd' });
    });

    it.each([
      [
        'a splatted hashtable of the caller',
        "$cfg = @{ EKSClusterName = 'prod' }\niex '& $f @cfg'",
      ],
      ['an abbreviated parameter name', "iex '& $f -EKSCluster prod'"],
      ["a variable of the caller's", "$c = 'prod'\niex '& $f -EKSClusterName $c'"],
    ])("runs Invoke-Expression's text in the caller's scope: %s", (_, line) => {
      // Act
      const result = parseBootstrapCall(
        `$f = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"\n${line}`,
      );

      // Assess
      expect(result?.args.EKSClusterName).toMatchObject({ kind: 'literal', value: 'prod' });
    });

    it.each([
      ['Invoke-Expression', `Invoke-Expression "& '$f' -EKSClusterName prod"`],
      [
        'Start-Process',
        'Start-Process powershell -ArgumentList "-File `"$f`" -EKSClusterName prod"',
      ],
    ])('finds the script by -EKSClusterName when %s names it by an unknown path', (_, line) => {
      // Act
      const result = parseBootstrapCall(
        `$f = Join-Path $env:ProgramFiles 'Amazon\\EKS\\Start-EKSBootstrap.ps1'\n${line}`,
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
    });

    it('takes an unquoted unknown part of a nested text for any arguments, not one position', () => {
      // Act
      const rest = parseBootstrapCall(
        `$rest = Get-Content C:\\args.txt\niex "& '$f' -EKSClusterName prod $rest"`,
      );
      const parameter = parseBootstrapCall(
        `iex "& 'C:\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod -$p 10.100.0.0/16"`,
      );

      // Assess: every parameter not named may be among them
      expect(rest?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
      expect(rest?.args.ServiceCIDR).toEqual({ kind: 'unresolved' });
      expect(parameter?.args.KubeletExtraArgs).toEqual({ kind: 'unresolved' });
      expect(parameter?.args.ServiceCIDR).toEqual({ kind: 'unresolved' });
    });

    it.each([
      [
        'an array',
        "Start-Process -FilePath powershell -ArgumentList @('-File', 'C:\\EKS\\Start-EKSBootstrap.ps1', '-EKSClusterName', 'prod')",
      ],
      [
        'comma-separated strings, by position',
        "Start-Process powershell '-File', 'C:\\EKS\\Start-EKSBootstrap.ps1', '-EKSClusterName', 'prod' -Wait",
      ],
      [
        'a switch given a value first',
        "Start-Process -Wait:$true powershell.exe -ArgumentList '-File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod'",
      ],
      [
        'an abbreviated switch first',
        "Start-Process -NoNew powershell.exe '-File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod'",
      ],
    ])("reads Start-Process's command line given as %s", (_, line) => {
      // Act: Start-Process joins an argument list with spaces, unquoted
      const result = parseBootstrapCall(line);

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
    });

    it.each([
      ['Invoke-Expression of other text', 'Invoke-Expression "Write-Host -EKSClusterName prod"'],
      [
        'Start-Process of another program',
        "Start-Process notepad.exe -ArgumentList '-File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod'",
      ],
    ])('finds no call in %s', (_, userData) => {
      // Act and assess
      expect(parseBootstrapCall(userData)).toBeUndefined();
    });
  });

  describe('the arguments', () => {
    it('joins backtick line continuations, with either line ending', () => {
      // Act
      const result = parseBootstrapCall(
        `& ${SCRIPT} \`\r\n  -EKSClusterName prod \`\n  -ContainerRuntime containerd`,
      );

      // Assess
      expect(result?.args).toEqual({
        EKSClusterName: { kind: 'literal', value: 'prod' },
        ContainerRuntime: { kind: 'literal', value: 'containerd' },
      });
    });

    it('ends a statement, and a comment, at a lone carriage return, as PowerShell does', () => {
      // Act: lines ended by CR alone (classic Mac line endings); the next statements are not
      // arguments of the call, and a comment does not hide the line after it.
      const result = parseBootstrapCall(
        `# prepare\r$n = 'prod'\r${call("-EKSClusterName $n -KubeletExtraArgs '--v=2'")}\rsqlcmd -S db01 -d 48291736\rtool -C Secret`,
      );

      // Assess
      expect(result).toEqual({
        args: {
          EKSClusterName: { kind: 'literal', value: 'prod' },
          KubeletExtraArgs: { kind: 'literal', value: '--v=2' },
        },
        unknownParameters: [],
      });
    });

    it('joins a backtick line continuation ended by a lone carriage return', () => {
      // Act
      const result = parseBootstrapCall(`& ${SCRIPT} \`\r  -EKSClusterName prod`);

      // Assess
      expect(result?.args).toEqual({ EKSClusterName: { kind: 'literal', value: 'prod' } });
    });

    it('reads a here-string whose lines end in a lone carriage return', () => {
      // Act
      const result = parseBootstrapCall(
        `$n = @'\rprod\r'@\r${call('-EKSClusterName $n')}\rtool -C Secret`,
      );

      // Assess
      expect(result?.args).toEqual({ EKSClusterName: { kind: 'literal', value: 'prod' } });
    });

    it('ignores redirections, including redirections to files', () => {
      // Act
      const result = parseBootstrapCall(
        call(
          '-EKSClusterName prod 3>&1 4>&1 5>&1 6>&1 2>$null -ContainerRuntime containerd > C:\\log.txt *>&1',
        ),
      );

      // Assess
      expect(result).toEqual({
        args: {
          EKSClusterName: { kind: 'literal', value: 'prod' },
          ContainerRuntime: { kind: 'literal', value: 'containerd' },
        },
        unknownParameters: [],
      });
    });

    it('ignores a trailing comment and a pipeline after the call', () => {
      // Act
      const result = parseBootstrapCall(
        `${call('-EKSClusterName prod')} | Out-File C:\\log.txt # joins the cluster`,
      );

      // Assess
      expect(result?.args).toEqual({ EKSClusterName: { kind: 'literal', value: 'prod' } });
    });

    it('maps parameter names of any case, and unique prefixes, to their canonical spelling', () => {
      // Act
      const result = parseBootstrapCall(
        call(
          '-eksclustername prod -APISERVERENDPOINT https://x -base64clusterca Y2E= -DNS 10.100.0.10 -ServiceC 10.100.0.0/16',
        ),
      );

      // Assess
      expect(result?.args).toEqual({
        EKSClusterName: { kind: 'literal', value: 'prod' },
        APIServerEndpoint: { kind: 'literal', value: 'https://x' },
        Base64ClusterCA: { kind: 'literal', value: 'Y2E=' },
        // Judged, never quoted: another command's flag abbreviates so (see BootstrapValue).
        DNSClusterIP: { kind: 'literal', value: '10.100.0.10', abbreviated: true },
        ServiceCIDR: { kind: 'literal', value: '10.100.0.0/16', abbreviated: true },
      });
    });

    it('lists unknown and ambiguous parameter names once each, as written', () => {
      // Act
      const result = parseBootstrapCall(
        call('-EKSClusterName prod -MaxPods 110 -Kube x -MaxPods 20 -NoReboot'),
      );

      // Assess
      expect(result?.unknownParameters).toEqual(['MaxPods', 'Kube', 'NoReboot']);
      expect(result?.args).toEqual({ EKSClusterName: { kind: 'literal', value: 'prod' } });
    });

    it('accepts -Endpoint and common parameters without listing them as unknown', () => {
      // Act
      const result = parseBootstrapCall(
        call(
          '-Verbose -EKSClusterName prod -Endpoint https://eks.us-west-2.amazonaws.com -ErrorAction Stop -Debug:$false',
        ),
      );

      // Assess
      expect(result).toEqual({
        args: { EKSClusterName: { kind: 'literal', value: 'prod' } },
        unknownParameters: [],
      });
    });

    it('does not let a switch take the next argument as its value', () => {
      // Act
      const result = parseBootstrapCall(call('-Verbose prod'));

      // Assess
      expect(result?.args.EKSClusterName).toEqual({
        kind: 'literal',
        value: 'prod',
        byPosition: true,
      });
    });

    it('reports a parameter given without a value as unresolved', () => {
      // Act
      const result = parseBootstrapCall(call('-EKSClusterName prod -ContainerRuntime'));

      // Assess
      expect(result?.args.ContainerRuntime).toEqual({ kind: 'unresolved' });
    });

    it.each([
      [
        'before other parameters, as a template renders empty variables',
        '-EKSClusterName prod -APIServerEndpoint  -Base64ClusterCA  -KubeletExtraArgs "--max-pods=20" 3>&1 4>&1',
        ['APIServerEndpoint', 'Base64ClusterCA'],
      ],
      ['before a redirection', '-EKSClusterName prod -Base64ClusterCA  3>&1', ['Base64ClusterCA']],
      ['last', '-EKSClusterName prod -ContainerRuntime', ['ContainerRuntime']],
      [
        'with a colon and nothing after it',
        '-EKSClusterName prod -DNSClusterIP:',
        ['DNSClusterIP'],
      ],
      ['abbreviated', '-EKSClusterName prod -Base64 -DNS', ['Base64ClusterCA', 'DNSClusterIP']],
      [
        '-Endpoint, which the analysis otherwise ignores',
        '-EKSClusterName prod -Endpoint',
        ['Endpoint'],
      ],
      [
        'twice, once with a value and once without',
        '-EKSClusterName -EKSClusterName prod -EKSClusterName',
        ['EKSClusterName'],
      ],
      [
        'before a splatted hashtable, whose entries are all named',
        '-EKSClusterName @named',
        ['EKSClusterName'],
      ],
    ])(
      'lists a script parameter named without a value %s, in call order, once each',
      (_, argumentsText, expected) => {
        // Act
        const result = parseBootstrapCall(
          `$named = @{ ContainerRuntime = 'containerd' }\n${call(argumentsText)}`,
        );

        // Assess
        expect(result?.parametersWithoutValue).toEqual(expected);
      },
    );

    it('keeps a parameter named without a value unresolved, and binds the name after it', () => {
      // Act
      const result = parseBootstrapCall(
        call(
          '-EKSClusterName prod -APIServerEndpoint  -Base64ClusterCA  -KubeletExtraArgs "--max-pods=20"',
        ),
      );

      // Assess
      expect(result).toEqual({
        args: {
          EKSClusterName: { kind: 'literal', value: 'prod' },
          APIServerEndpoint: { kind: 'unresolved' },
          Base64ClusterCA: { kind: 'unresolved' },
          KubeletExtraArgs: { kind: 'literal', value: '--max-pods=20' },
        },
        unknownParameters: [],
        parametersWithoutValue: ['APIServerEndpoint', 'Base64ClusterCA'],
      });
    });

    it.each([
      ['a complete call', "-EKSClusterName prod -KubeletExtraArgs '--max-pods=20' 3>&1"],
      ['an empty string, which is a value', '-EKSClusterName \'\' -APIServerEndpoint ""'],
      ['a value after a colon and a space', '-EKSClusterName: prod -DNSClusterIP:10.100.0.10'],
      ['a switch', '-EKSClusterName prod -Verbose -Debug'],
      [
        'a common parameter without its value, not one of the script',
        '-EKSClusterName prod -ErrorAction',
      ],
      ['a parameter name not declared', '-EKSClusterName prod -MaxPods'],
      ['a splatted hashtable', '@named'],
      ['a splatted array, whose first item binds to the parameter', '-EKSClusterName @positions'],
      ['a splatted variable we cannot read', '-EKSClusterName @Unknown'],
    ])('lists no parameter without a value for %s', (_, argumentsText) => {
      // Act
      const result = parseBootstrapCall(
        `$named = @{ EKSClusterName = 'prod'; DNSClusterIP = '10.100.0.10' }\n$positions = @('prod')\n${call(argumentsText)}`,
      );

      // Assess
      expect(result).toBeDefined();
      expect(result).not.toHaveProperty('parametersWithoutValue');
    });

    it('keeps the first value of a parameter given twice', () => {
      // Act
      const result = parseBootstrapCall(call('-EKSClusterName first -EKSClusterName second'));

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'first' });
    });

    it('binds positional arguments in the order the script declares its parameters', () => {
      // Act
      const result = parseBootstrapCall(call("prod '--max-pods=20'"));

      // Assess
      // Marked: evidence never quotes a value bound by position.
      expect(result?.args).toEqual({
        EKSClusterName: { kind: 'literal', value: 'prod', byPosition: true },
        KubeletExtraArgs: { kind: 'literal', value: '--max-pods=20', byPosition: true },
      });
    });

    it('marks a value bound through an abbreviated name, and not one bound through the whole name', () => {
      // Act: another command's flags after a stray continuation abbreviate the script's names.
      const result = parseBootstrapCall(
        call("-EKSClusterName prod -KubeletExtraArgs '--v=2' `\nsqlcmd -S db01 -d 48291736"),
      );

      // Assess: evidence never quotes a value so bound (see BootstrapValue).
      expect(result?.args).toMatchObject({
        EKSClusterName: { kind: 'literal', value: 'prod' },
        ServiceCIDR: { kind: 'literal', value: 'db01', abbreviated: true },
        DNSClusterIP: { kind: 'literal', value: '48291736', abbreviated: true },
      });
      expect(result?.args.EKSClusterName).not.toHaveProperty('abbreviated');
    });

    it('lists the positional arguments in order, with -Endpoint and those past the last parameter', () => {
      // Act: ten parameters, -EKSClusterName by name; nine positional places, eleven arguments.
      const result = parseBootstrapCall(call('-EKSClusterName prod a b c d e f g h i j k'));

      // Assess: -Endpoint takes "c", kept only here; "j" and "k" find no parameter.
      expect(result?.positional).toEqual([
        { parameter: 'KubeletExtraArgs', value: { kind: 'literal', value: 'a' } },
        { parameter: 'KubeProxyExtraArgs', value: { kind: 'literal', value: 'b' } },
        { parameter: 'Endpoint', value: { kind: 'literal', value: 'c' } },
        { parameter: 'APIServerEndpoint', value: { kind: 'literal', value: 'd' } },
        { parameter: 'Base64ClusterCA', value: { kind: 'literal', value: 'e' } },
        { parameter: 'DNSClusterIP', value: { kind: 'literal', value: 'f' } },
        { parameter: 'ServiceCIDR', value: { kind: 'literal', value: 'g' } },
        { parameter: 'ExcludedSnatCIDRs', value: { kind: 'list', values: ['h'] } },
        { parameter: 'ContainerRuntime', value: { kind: 'literal', value: 'i' } },
        { value: { kind: 'literal', value: 'j' } },
        { value: { kind: 'literal', value: 'k' } },
      ]);
      expect(result?.args).not.toHaveProperty('Endpoint');
    });

    it('lists no positional argument when every argument is named', () => {
      // Act
      const result = parseBootstrapCall(
        call("-EKSClusterName prod -KubeletExtraArgs '--max-pods=20'"),
      );

      // Assess
      expect(result).not.toHaveProperty('positional');
    });

    it.each([
      ['comma-separated strings', '"10.0.0.0/8","192.168.0.0/16"'],
      ['comma-separated strings with spaces', "'10.0.0.0/8', '192.168.0.0/16'"],
      ['an array literal', "@('10.0.0.0/8','192.168.0.0/16')"],
      ['an array literal over several lines', "@(\n  '10.0.0.0/8',\n  '192.168.0.0/16'\n)"],
      ['unquoted words', '10.0.0.0/8,192.168.0.0/16'],
    ])('reads -ExcludedSnatCIDRs given as %s as a list', (_shape, value) => {
      // Act
      const result = parseBootstrapCall(call(`-EKSClusterName prod -ExcludedSnatCIDRs ${value}`));

      // Assess
      expect(result?.args.ExcludedSnatCIDRs).toEqual({
        kind: 'list',
        values: ['10.0.0.0/8', '192.168.0.0/16'],
      });
    });

    it('reads -ExcludedSnatCIDRs in a variable assigned an array', () => {
      // Act
      const result = parseBootstrapCall(
        `$Cidrs = "10.0.0.0/8", "192.168.0.0/16"\n${call('-EKSClusterName prod -ExcludedSnatCIDRs $Cidrs')}`,
      );

      // Assess
      expect(result?.args.ExcludedSnatCIDRs).toEqual({
        kind: 'list',
        values: ['10.0.0.0/8', '192.168.0.0/16'],
      });
    });

    it('reads a single -ExcludedSnatCIDRs value as a list of one, as the [string[]] parameter receives it', () => {
      // Act
      const result = parseBootstrapCall(call('-ExcludedSnatCIDRs 10.0.0.0/8 -EKSClusterName prod'));

      // Assess
      expect(result?.args.ExcludedSnatCIDRs).toEqual({ kind: 'list', values: ['10.0.0.0/8'] });
    });

    it('joins an array passed to a string parameter with spaces, as PowerShell does', () => {
      // Act
      const result = parseBootstrapCall(
        call('-EKSClusterName prod -KubeletExtraArgs --node-labels=a=b,c=d'),
      );

      // Assess
      expect(result?.args.KubeletExtraArgs).toEqual({
        kind: 'literal',
        value: '--node-labels=a=b c=d',
      });
    });

    it.each([
      ['an element of it', '("--a=1", "--node-lables=b")[0]'],
      ["a method's result", '("--node-lables=$x").Substring(0, 3)'],
    ])(
      'reads a parenthesised value with %s as unknown, and its postfix as no argument',
      (_, value) => {
        // Act
        const result = parseBootstrapCall(
          `& ${SCRIPT} -EKSClusterName prod -KubeletExtraArgs ${value}`,
        );

        // Assess
        expect(result?.args.KubeletExtraArgs).toEqual({ kind: 'unresolved' });
        expect(result?.positional).toBeUndefined();
      },
    );

    it('reports a list with an unknown entry as unresolved', () => {
      // Act
      const result = parseBootstrapCall(
        call('-EKSClusterName prod -ExcludedSnatCIDRs "10.0.0.0/8",$Extra'),
      );

      // Assess
      expect(result?.args.ExcludedSnatCIDRs).toEqual({ kind: 'unresolved', variable: 'Extra' });
    });
  });

  describe('splatting', () => {
    it('binds a splatted hashtable, case-insensitively, with quoted keys', () => {
      // Act
      const result = parseBootstrapCall(
        `$p = @{ eksclustername = 'prod'; 'ContainerRuntime' = "containerd"; Unknown = 1 }\n& ${SCRIPT} @p`,
      );

      // Assess
      expect(result).toEqual({
        args: {
          EKSClusterName: { kind: 'literal', value: 'prod' },
          ContainerRuntime: { kind: 'literal', value: 'containerd' },
        },
        unknownParameters: ['Unknown'],
      });
    });

    it('binds the known entries of a splatted hashtable whose other entries are unknown', () => {
      // Act
      const result = parseBootstrapCall(
        `$p = @{ EKSClusterName = 'other'; KubeletExtraArgs = "--node-lables=role=$env:ROLE"; DNSClusterIP = $Ip }\n& ${SCRIPT} @p`,
      );

      // Assess
      expect(result).toEqual({
        args: {
          EKSClusterName: { kind: 'literal', value: 'other' },
          KubeletExtraArgs: {
            kind: 'unresolved',
            variable: 'env:ROLE',
            knownParts: ['--node-lables=role=', ''],
          },
          DNSClusterIP: { kind: 'unresolved', variable: 'Ip' },
        },
        unknownParameters: [],
      });
    });

    it.each([
      ['a method call on it', "$p.Remove('KubeProxyExtraArgs')"],
      ['a method call on it cast to [void]', "[void]$p.Remove('KubeProxyExtraArgs')"],
      ['a method call on it assigned to $null', "$null = $p.Remove('KubeProxyExtraArgs')"],
      [
        'a method call on it as an argument',
        "Out-Null -InputObject $p.Remove('KubeProxyExtraArgs')",
      ],
      [
        'a member assigned through another variable holding it',
        "$q = $p\n$q.KubeProxyExtraArgs = '--v=2'",
      ],
      ['a member named by a variable', 'foreach ($k in $o.Keys) { $p.$k = $o[$k] }'],
      ['a member named in quotes', "$p.'KubeProxyExtraArgs' = '--v=2'"],
      ['a member of it in parentheses', "($p).KubeProxyExtraArgs = '--v=2'"],
      [
        'a member assigned through a container holding it',
        "$cfg = @{ Params = $p }\n$cfg.Params.KubeProxyExtraArgs = '--v=2'",
      ],
      [
        'a function it is passed to',
        'function Set-Args($t) { $t.Remove("KubeProxyExtraArgs") }\nSet-Args $p',
      ],
    ])('reads a hashtable as unknown after %s, which may change it', (_, change) => {
      // Act
      const result = parseBootstrapCall(
        `$p = @{ EKSClusterName = 'prod'; KubeProxyExtraArgs = '--log-dir=C:\\k' }\n${change}\n& ${SCRIPT} @p`,
      );

      // Assess
      expect(result?.args.KubeProxyExtraArgs).toEqual({ kind: 'unresolved', variable: 'p' });
    });

    it.each([
      [
        'a method that only reads it',
        "if ($p.ContainsKey('KubeProxyExtraArgs')) { Write-Host 'set' }",
      ],
      ['its enumeration, logged', '$p.GetEnumerator() | ForEach-Object { Write-Host $_.Key }'],
      ['a property', 'Write-Host $p.Count'],
      ['it is written to the host', 'Write-Host $p'],
      ['it is written in quotes to a command', 'Write-Log "$p"'],
      ['it is converted to JSON', 'ConvertTo-Json $p | Out-File C:\\args.json'],
    ])('keeps a hashtable after %s', (_, use) => {
      // Act
      const result = parseBootstrapCall(
        `$p = @{ EKSClusterName = 'prod'; KubeProxyExtraArgs = '--log-dir=C:\\k' }\n${use}\n& ${SCRIPT} @p`,
      );

      // Assess
      expect(result?.args.KubeProxyExtraArgs).toEqual({
        kind: 'literal',
        value: '--log-dir=C:\\k',
      });
    });

    it('reads a hashtable as unknown after a call of a function of the script that names it, defined before it', () => {
      // Act
      const result = parseBootstrapCall(
        `function Set-Docker { $p.KubeProxyExtraArgs = '--v=2' }\n$p = @{ EKSClusterName = 'prod'; KubeProxyExtraArgs = '--log-dir=C:\\k' }\nSet-Docker\n& ${SCRIPT} @p`,
      );

      // Assess
      expect(result?.args.KubeProxyExtraArgs).toEqual({ kind: 'unresolved', variable: 'p' });
    });

    it('keeps the known text of an array variable with an unknown item', () => {
      // Act
      const result = parseBootstrapCall(
        `$ka = @("--node-lables=$x", '--v=2')\n& ${SCRIPT} -EKSClusterName prod -KubeletExtraArgs $ka`,
      );

      // Assess
      expect(result?.args.KubeletExtraArgs).toEqual({
        kind: 'unresolved',
        variable: 'ka',
        knownParts: ['--node-lables=', ' --v=2'],
      });
    });

    it('binds a splatted array positionally', () => {
      // Act
      const result = parseBootstrapCall(`$a = @('prod')\n& ${SCRIPT} @a`);

      // Assess
      expect(result?.args.EKSClusterName).toEqual({
        kind: 'literal',
        value: 'prod',
        byPosition: true,
      });
    });

    it('reports every parameter not named otherwise as unresolved when the splatted variable is unknown', () => {
      // Act
      const result = parseBootstrapCall(`& ${SCRIPT} @BootstrapArgs -EKSClusterName prod`);

      // Assess
      expect(result?.args).toEqual({
        EKSClusterName: { kind: 'literal', value: 'prod' },
        KubeletExtraArgs: { kind: 'unresolved', variable: 'BootstrapArgs' },
        KubeProxyExtraArgs: { kind: 'unresolved', variable: 'BootstrapArgs' },
        APIServerEndpoint: { kind: 'unresolved', variable: 'BootstrapArgs' },
        Base64ClusterCA: { kind: 'unresolved', variable: 'BootstrapArgs' },
        DNSClusterIP: { kind: 'unresolved', variable: 'BootstrapArgs' },
        ContainerRuntime: { kind: 'unresolved', variable: 'BootstrapArgs' },
        ServiceCIDR: { kind: 'unresolved', variable: 'BootstrapArgs' },
        ExcludedSnatCIDRs: { kind: 'unresolved', variable: 'BootstrapArgs' },
      });
    });
  });

  describe('limits', () => {
    it('throws PowerShellParseError for brackets nested beyond the limit', () => {
      // Act
      const parse = () => parseBootstrapCall(`${'('.repeat(500)}${')'.repeat(500)}`);

      // Assess
      expect(parse).toThrow(PowerShellParseError);
    });

    it('reads an array that would join past the longest value a string may be as unresolved', () => {
      // Prepare: 256 items of 100 characters join into 25,855.
      const item = `'${'x'.repeat(100)}'`;
      const script = `$l = ${Array.from({ length: 256 }, () => item).join(',')}\n${call('-EKSClusterName prod -KubeletExtraArgs $l -ExcludedSnatCIDRs $l')}`;

      // Act
      const result = parseBootstrapCall(script);

      // Assess
      expect(result?.args.KubeletExtraArgs).toEqual({ kind: 'unresolved' });
      expect(result?.args.ExcludedSnatCIDRs).toMatchObject({ kind: 'list' });
    });

    it('reads a script with unbalanced brackets and unterminated strings without failing', () => {
      // Act
      const result = parseBootstrapCall(
        `}) ${call('-EKSClusterName prod')}\n$x = "never closed\n(`,
      );

      // Assess
      expect(result?.args.EKSClusterName).toEqual({ kind: 'literal', value: 'prod' });
    });
  });
});

describe('Function: parseBootstrapCall, machine settings made before the call', () => {
  const EKSCTL_CALL = '& $EKSBootstrapScriptFile -EKSClusterName "prod" 3>&1 4>&1 5>&1 6>&1';
  const SCRIPT_FILE =
    '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"';

  it.each([
    ["[Environment]::SetEnvironmentVariable('SERVICE_IPV4_CIDR', '10.50.0.0/16', 'Machine')"],
    [
      '[System.Environment]::SetEnvironmentVariable("SERVICE_IPV4_CIDR", "10.50.0.0/16", [System.EnvironmentVariableTarget]::Machine)',
    ],
    [
      '$cidr = "10.50.0.0/16"\n[Environment]::SetEnvironmentVariable("service_ipv4_cidr", $cidr, 2)',
    ],
    ['setx SERVICE_IPV4_CIDR 10.50.0.0/16 /M'],
  ])('reads SERVICE_IPV4_CIDR set machine-wide by %s', (setting) => {
    // Act
    const result = parseBootstrapCall(`${setting}\n${SCRIPT_FILE}\n${EKSCTL_CALL}`);

    // Assess
    expect(result?.machineEnvironment).toEqual({
      SERVICE_IPV4_CIDR: { kind: 'literal', value: '10.50.0.0/16' },
    });
  });

  it('splits EXCLUDED_SNAT_CIDRS on commas, as the script does', () => {
    // Act
    const result = parseBootstrapCall(
      `[Environment]::SetEnvironmentVariable('EXCLUDED_SNAT_CIDRS', '10.1.0.0/16, 192.168.0.0/16', 'Machine')\n${SCRIPT_FILE}\n${EKSCTL_CALL}`,
    );

    // Assess
    expect(result?.machineEnvironment?.EXCLUDED_SNAT_CIDRS).toEqual({
      kind: 'list',
      values: ['10.1.0.0/16', '192.168.0.0/16'],
    });
  });

  it.each([
    [
      'the process scope',
      "[Environment]::SetEnvironmentVariable('SERVICE_IPV4_CIDR', '10.50.0.0/16', 'Process')",
    ],
    ['the user scope of setx', 'setx SERVICE_IPV4_CIDR 10.50.0.0/16'],
    ['$env:', '$env:SERVICE_IPV4_CIDR = "10.50.0.0/16"'],
    ['after the call', null],
  ])('ignores a variable set in %s, which the script never reads', (_where, setting) => {
    // Prepare
    const late =
      "[Environment]::SetEnvironmentVariable('SERVICE_IPV4_CIDR', '10.50.0.0/16', 'Machine')";
    const script =
      setting === null
        ? `${SCRIPT_FILE}\n${EKSCTL_CALL}\n${late}`
        : `${setting}\n${SCRIPT_FILE}\n${EKSCTL_CALL}`;

    // Act
    const result = parseBootstrapCall(script);

    // Assess
    expect(result).toBeDefined();
    expect(result?.machineEnvironment).toBeUndefined();
  });

  it("marks a call after Karpenter's documented $global:EKSCluster preset", () => {
    // Act
    const result = parseBootstrapCall(
      `$global:EKSCluster = Get-EKSCluster -Name prod\n${SCRIPT_FILE}\n& $EKSBootstrapScriptFile -EKSClusterName 'prod' -APIServerEndpoint 'https://x.eks.amazonaws.com'`,
    );
    const plain = parseBootstrapCall(`${SCRIPT_FILE}\n${EKSCTL_CALL}`);

    // Assess
    expect(result?.presetsEksCluster).toBe(true);
    expect(plain?.presetsEksCluster).toBeUndefined();
  });

  it('marks a call after $EKSCluster is preset by Set-Variable', () => {
    // Act
    const result = parseBootstrapCall(
      `Set-Variable -Name 'EKSCluster' -Scope Global -Value (Get-EKSCluster -Name prod)\n${SCRIPT_FILE}\n${EKSCTL_CALL}`,
    );

    // Assess
    expect(result?.presetsEksCluster).toBe(true);
  });
});
