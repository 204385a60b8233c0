import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeUserData } from '../../../src/decode/index.ts';
import type { BootstrapCall } from '../../../src/decode/types.ts';
import {
  bootstrapOf,
  decodedAnalysis,
  decodeText,
  encode,
  encodeGzipped,
  fixture,
  multipart,
} from './user-data-fixtures.ts';

const BOOTSTRAP = `<powershell>
& 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod
</powershell>`;

const PROD_CALL: BootstrapCall = {
  args: { EKSClusterName: { kind: 'literal', value: 'prod' } },
  unknownParameters: [],
};

describe('Function: decodeUserData', () => {
  describe('absent user data', () => {
    it.each([
      ['undefined', undefined],
      ['an empty string', ''],
      ['whitespace', ' \n'],
    ])('returns absent for %s', (_case, encoded) => {
      // Act
      const analysis = decodeUserData(encoded);

      // Assess
      expect(analysis).toEqual({ status: 'absent' });
    });
  });

  describe('base64', () => {
    it('decodes base64 wrapped over several lines', () => {
      // Prepare
      const encoded = encode(BOOTSTRAP).replace(/.{60}/g, '$&\r\n');

      // Act
      const analysis = decodeUserData(encoded);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ bootstrap: PROD_CALL }));
    });

    it.each([
      ['characters outside the alphabet', 'PHBvd2Vyc2hlbGw+*'],
      ['a length no base64 can have', 'QUJDR'],
      ['padding in the middle', 'QQ==QUJD'],
      ['too much padding', 'QQ==='],
      ['raw user data that was never encoded', '<powershell>Write-Host hi</powershell>'],
    ])('returns unreadable for %s', (_case, encoded) => {
      // Act
      const analysis = decodeUserData(encoded);

      // Assess
      expect(analysis).toEqual({ status: 'unreadable', reason: 'user data is not valid base64' });
    });

    it('returns unreadable for encoded user data over 64 KiB, without decoding it', () => {
      // Prepare
      const encoded = 'A'.repeat(64 * 1024 + 4);

      // Act
      const analysis = decodeUserData(encoded);

      // Assess
      expect(analysis).toEqual({
        status: 'unreadable',
        reason: 'encoded user data exceeds 64 KiB',
      });
    });

    it.each([
      [16 * 1024, 'decoded'],
      [16 * 1024 + 1, 'unreadable'],
    ])('reads %i bytes of user data as %s: AWS accepts 16 KB at most', (size, status) => {
      // Prepare: the bootstrap call, then a comment up to the size.
      const script = `${BOOTSTRAP}\n# `;
      const bytes = Buffer.from(script.padEnd(size, 'x'));

      // Act
      const analysis = decodeUserData(encode(bytes));

      // Assess
      expect(bytes.length).toBe(size);
      expect(analysis).toEqual(
        status === 'decoded'
          ? expect.objectContaining({ status, bootstrap: PROD_CALL })
          : { status, reason: 'user data exceeds 16 KB, more than AWS accepts' },
      );
    });

    it('reads bytes that are not UTF-8 as Windows-1252, as Windows PowerShell reads a script without a byte order mark', () => {
      // Prepare: the name in curly quotes (0x93, 0x94), which Windows PowerShell reads as
      // double quotes, and an ANSI comment (é is 0xE9).
      const [before, after] = BOOTSTRAP.split('prod') as [string, string];
      const ansi = Buffer.concat([
        Buffer.from(before),
        Buffer.from([0x93]),
        Buffer.from('prod'),
        Buffer.from([0x94]),
        Buffer.from(' # Caf'),
        Buffer.from([0xe9]),
        Buffer.from(after),
      ]);

      // Act
      const analysis = decodeText(ansi);

      // Assess
      expect(analysis).toMatchObject({ status: 'decoded', bootstrap: PROD_CALL });
    });

    it('returns unreadable for bytes that are neither UTF-8 nor text', () => {
      // Act
      const analysis = decodeText(Buffer.from([0xc3, 0x28, 0x00, 0xa1, 0xff, 0xfe, 0xfd]));

      // Assess
      expect(analysis).toEqual({ status: 'unreadable', reason: 'user data is binary, not text' });
    });

    it('returns unreadable for a UTF-16 byte order mark before what is not UTF-16', () => {
      // Prepare: a high surrogate with no low one after it.
      const broken = Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]);

      // Act
      const analysis = decodeText(broken);

      // Assess
      expect(analysis).toEqual({
        status: 'unreadable',
        reason: 'user data is not valid UTF-16 text',
      });
    });

    it('returns unreadable for bytes that are valid UTF-8 but binary', () => {
      // Act
      const analysis = decodeText(Buffer.from([0x01, 0x02, 0x03, 0x41, 0x00, 0x42, 0x7f, 0x10]));

      // Assess
      expect(analysis).toEqual({ status: 'unreadable', reason: 'user data is binary, not text' });
    });

    it('reads UTF-16 text with a byte order mark, as PowerShell editors save it', () => {
      // Prepare
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BOOTSTRAP, 'utf16le')]);

      // Act
      const analysis = decodeText(utf16);

      // Assess
      expect(analysis).toMatchObject({ status: 'decoded', bootstrap: PROD_CALL });
    });

    it('reads UTF-8 text with a byte order mark', () => {
      // Prepare
      const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BOOTSTRAP)]);

      // Act
      const analysis = decodeText(utf8);

      // Assess
      expect(analysis).toMatchObject({ status: 'decoded', bootstrap: PROD_CALL });
    });
  });

  describe('gzip', () => {
    it('returns the PowerShell block of a gzip-compressed payload', () => {
      // Act
      const analysis = decodeUserData(encodeGzipped(fixture('eksctl.txt')));

      // Assess
      expect(analysis).toMatchObject({
        status: 'decoded',
        gzip: true,
        mime: false,
        powershell: true,
      });
      expect(bootstrapOf(analysis)?.args.EKSClusterName).toEqual({
        kind: 'literal',
        value: 'prod',
      });
    });

    it('stops inflating at 64 KiB and returns unreadable', () => {
      // Prepare: a few hundred bytes of gzip that would inflate to 10 MiB.
      const encoded = gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20)).toString('base64');

      // Act
      const analysis = decodeUserData(encoded);

      // Assess
      expect(encoded.length).toBeLessThan(64 * 1024);
      expect(analysis).toEqual({
        status: 'unreadable',
        reason: 'gzip payload exceeds 64 KiB when inflated',
      });
    });

    it('returns unreadable for a truncated gzip payload', () => {
      // Prepare
      const gzipped = gzipSync(Buffer.from(fixture('eksctl.txt')));
      const encoded = gzipped.subarray(0, gzipped.length - 20).toString('base64');

      // Act
      const analysis = decodeUserData(encoded);

      // Assess
      expect(analysis).toEqual({ status: 'unreadable', reason: 'gzip payload is corrupt' });
    });
  });

  describe('MIME multipart', () => {
    it('reads the PowerShell part of a multipart document with a base64 part', () => {
      // Prepare
      const document = multipart([
        { contentType: 'text/cloud-config; charset="us-ascii"', body: '#cloud-config\nruncmd: []' },
        {
          contentType: 'text/x-shellscript; charset="us-ascii"',
          body: fixture('eksctl.txt'),
          transferEncoding: 'base64',
        },
      ]);

      // Act
      const analysis = decodeText(document);

      // Assess
      expect(analysis).toMatchObject({
        status: 'decoded',
        gzip: false,
        mime: true,
        powershell: true,
      });
      expect(bootstrapOf(analysis)?.args.ContainerRuntime).toEqual({
        kind: 'literal',
        value: 'containerd',
      });
    });

    it('reads a 7bit PowerShell part of a gzip-compressed multipart document', () => {
      // Prepare
      const document = multipart(
        [{ contentType: 'text/plain', body: BOOTSTRAP, transferEncoding: '7bit' }],
        'b0undary',
      );

      // Act
      const analysis = decodeUserData(encodeGzipped(document));

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ gzip: true, mime: true, bootstrap: PROD_CALL }));
    });

    it('reads a multipart document nested in another', () => {
      // Prepare
      const inner = multipart([{ contentType: 'text/plain', body: BOOTSTRAP }], 'inner');
      const [innerHeaders, innerBody] = [
        inner.slice(0, inner.indexOf('\r\n\r\n')),
        inner.slice(inner.indexOf('\r\n\r\n') + 4),
      ];
      const outer = [
        'Content-Type: multipart/mixed; boundary=outer',
        '',
        '--outer',
        innerHeaders,
        '',
        innerBody,
        '--outer--',
      ].join('\r\n');

      // Act
      const analysis = decodeText(outer);

      // Assess
      expect(analysis).toMatchObject({ status: 'decoded', mime: true, bootstrap: PROD_CALL });
    });

    it('reads a quoted-printable PowerShell part', () => {
      // Prepare
      const body = BOOTSTRAP.replaceAll('=', '=3D').replace(
        '-EKSClusterName',
        '-EKSCluster=\nName',
      );
      const document = [
        'Content-Type: multipart/mixed; boundary="qp"',
        '',
        '--qp',
        'Content-Type: text/plain',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        body,
        '--qp--',
      ].join('\n');

      // Act
      const analysis = decodeText(document);

      // Assess
      expect(analysis).toMatchObject({ status: 'decoded', mime: true, bootstrap: PROD_CALL });
    });

    it('reports a multipart document of shell scripts as decoded without PowerShell', () => {
      // Prepare
      const document = multipart([
        { contentType: 'text/x-shellscript', body: fixture('linux-shell.txt') },
      ]);

      // Act
      const analysis = decodeText(document);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ mime: true, powershell: false }));
    });

    it('returns unreadable for a multipart document without a boundary', () => {
      // Prepare
      const document = `Content-Type: multipart/mixed\n\n${BOOTSTRAP}`;

      // Act
      const analysis = decodeText(document);

      // Assess
      expect(analysis).toEqual({ status: 'unreadable', reason: 'MIME multipart has no boundary' });
    });

    it('returns unreadable for a part whose base64 is invalid', () => {
      // Prepare
      const document = multipart([
        { contentType: 'text/plain', body: `${BOOTSTRAP}\n*`, transferEncoding: '7bit' },
      ]).replace('Content-Transfer-Encoding: 7bit', 'Content-Transfer-Encoding: base64');

      // Act
      const analysis = decodeText(document);

      // Assess
      expect(analysis).toEqual({ status: 'unreadable', reason: 'a MIME part is not valid base64' });
    });

    it('returns unreadable for more parts than the limit', () => {
      // Prepare
      const parts = Array.from({ length: 65 }, () => ({ contentType: 'text/plain', body: 'x' }));

      // Act
      const analysis = decodeText(multipart(parts));

      // Assess
      expect(analysis).toEqual({
        status: 'unreadable',
        reason: 'MIME multipart has more than 64 parts',
      });
    });
  });

  describe('EC2Launch sections', () => {
    it('reads sections whatever the case of their tags, next to persist and detach tags', () => {
      // Prepare
      const text = `<PowerShell>\n& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod\n</PowerShell>\n<persist>true</persist>\n<detach>true</detach>`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ bootstrap: PROD_CALL }));
    });

    it('reads a section left open to the end of the text', () => {
      // Act
      const analysis = decodeText(BOOTSTRAP.replace('</powershell>', ''));

      // Assess
      expect(analysis).toMatchObject({ status: 'decoded', powershell: true, bootstrap: PROD_CALL });
    });

    it.each([
      ['two sections', `<powershell>Write-Host custom</powershell>\n${BOOTSTRAP}`, 2],
      [
        'three, tags in any case',
        `<PowerShell>a</PowerShell><powershell>b</powershell>\n${BOOTSTRAP}`,
        3,
      ],
      ['one never closed', BOOTSTRAP.replace('</powershell>', ''), 0],
      [
        'one in each of two MIME parts',
        multipart([
          { contentType: 'text/x-shellscript', body: '<powershell>Write-Host custom</powershell>' },
          { contentType: 'text/x-shellscript', body: BOOTSTRAP },
        ]),
        2,
      ],
    ])(
      'counts the closed <powershell> sections EC2Launch v1 would run none of: %s',
      (_, text, count) => {
        // Act
        const analysis = decodeText(text);

        // Assess: the call is still read, as EC2Launch v2 may run it
        expect(analysis).toMatchObject({
          bootstrap: PROD_CALL,
          ec2LaunchV1PowershellSections: count,
        });
      },
    );

    it.each([
      ['one section', BOOTSTRAP],
      ['a batch section next to one PowerShell section', `<script>echo x</script>\n${BOOTSTRAP}`],
      ['one closed, then one never closed', `${BOOTSTRAP}\n<powershell>Write-Host x`],
    ])('leaves out the count where EC2Launch v1 runs the section: %s', (_, text) => {
      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toMatchObject({ bootstrap: PROD_CALL });
      expect(analysis).not.toHaveProperty('ec2LaunchV1PowershellSections');
    });

    it.each([
      [
        "custom user data's own tags inside Karpenter's section, the call after them",
        `<powershell>\n<powershell>\nWrite-Host custom\n</powershell>\n& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod\n</powershell>`,
      ],
      [
        'a tag opening a line after the call, in the same section',
        `<powershell>\n& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod\n  <PowerShell>\nWrite-Host x\n</powershell>`,
      ],
    ])('runs no call from a section holding a <powershell> tag of its own: %s', (_, text) => {
      // Act: PowerShell refuses to parse such a section ('<' is reserved), the call included
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ nestedPowershellTag: true }));
    });

    it('still reads the call of another section next to one holding a nested tag', () => {
      // Prepare
      const text = `<powershell>\n<powershell>\nWrite-Host custom\n</powershell>\n<powershell>& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod</powershell>`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual(
        decodedAnalysis({
          bootstrap: PROD_CALL,
          nestedPowershellTag: true,
          ec2LaunchV1PowershellSections: 2,
        }),
      );
    });

    it.each([
      ['&& before the call', 'cd C:\\EKS && .\\Start-EKSBootstrap.ps1 -EKSClusterName prod'],
      ['|| after it', '& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod || exit 1'],
      [
        '&& in a script block',
        'if ($true) { Write-Host a && Write-Host b }\n& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod',
      ],
    ])('runs no call from a section Windows PowerShell 5.1 refuses for its %s', (_, script) => {
      // Act: "The token '&&' is not a valid statement separator in this version."
      const analysis = decodeText(`<powershell>\n${script}\n</powershell>`);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ pipelineChain: true }));
    });

    it.each([
      ['in a string', 'cmd /c "echo a && echo b"'],
      ['in a comment', '# a && b, or <# a || b #>'],
      ["in a command's own text after --%", 'cmd /c --% echo a && echo b'],
    ])('reads the call of a section with && or || %s', (_, line) => {
      // Act
      const analysis = decodeText(
        `<powershell>\n${line}\n& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod\n</powershell>`,
      );

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ bootstrap: PROD_CALL }));
    });

    it.each([
      [
        'powershell -Command',
        'powershell -Command "cd C:\\x && .\\Start-EKSBootstrap.ps1 -EKSClusterName prod"',
      ],
      [
        'Start-Process powershell.exe',
        "Start-Process powershell.exe -ArgumentList '-Command cd C:\\x && .\\Start-EKSBootstrap.ps1 -EKSClusterName prod' -Wait",
      ],
      [
        "script's Invoke-Expression",
        "Invoke-Expression 'cd C:\\x && .\\Start-EKSBootstrap.ps1 -EKSClusterName prod'",
      ],
    ])(
      'runs no call from a %s text chaining commands, which Windows PowerShell refuses',
      (_, line) => {
        // Act
        const analysis = decodeText(`<powershell>\n${line}\n</powershell>`);

        // Assess: the refused text is named as the likely reason no call runs
        expect(analysis).toEqual(
          decodedAnalysis({ bootstrapScriptNamed: true, pipelineChain: true }),
        );
      },
    );

    it.each([
      [
        'pwsh -Command',
        'pwsh -Command "cd C:\\x && .\\Start-EKSBootstrap.ps1 -EKSClusterName prod"',
      ],
      [
        'Start-Process pwsh.exe',
        "Start-Process pwsh.exe -ArgumentList '-Command cd C:\\x && .\\Start-EKSBootstrap.ps1 -EKSClusterName prod' -Wait",
      ],
      [
        'pwsh -Command Invoke-Expression',
        `pwsh -Command "Invoke-Expression 'cd C:\\x && .\\Start-EKSBootstrap.ps1 -EKSClusterName prod'"`,
      ],
    ])('reads the call of a %s text chaining commands, which PowerShell 7 runs', (_, line) => {
      // Act
      const analysis = decodeText(`<powershell>\n${line}\n</powershell>`);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ bootstrap: PROD_CALL }));
    });

    it('reads && in a batch section as cmd.exe does, where the call runs', () => {
      // Act
      const analysis = decodeText(
        '<script>\ncd /d C:\\x && powershell -File C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod\n</script>',
      );

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ bootstrap: PROD_CALL }));
    });

    it('reads a call next to the tag written inside a string, which PowerShell parses', () => {
      // Prepare
      const text = `<powershell>\nWrite-Output "<powershell>"\n& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod\n</powershell>`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ bootstrap: PROD_CALL }));
    });

    it('ignores a call outside any section, which EC2Launch would not run', () => {
      // Prepare
      const text = `& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod\n<powershell>Write-Host hi</powershell>`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual(decodedAnalysis());
    });

    it('reports a script without EC2Launch tags as decoded without PowerShell', () => {
      // Act
      const analysis = decodeText('& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod');

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ powershell: false }));
    });

    it('prefers a call in a batch section, which EC2Launch runs first', () => {
      // Prepare
      const text = `<powershell>& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName second</powershell>\n<script>powershell -File C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName first</script>`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(bootstrapOf(analysis)?.args.EKSClusterName).toEqual({
        kind: 'literal',
        value: 'first',
      });
    });

    it('lets a machine variable a batch section sets with setx /M reach the PowerShell call', () => {
      // Prepare
      const text = `<script>setx SERVICE_IPV4_CIDR 10.50.0.0/16 /M</script>\n${BOOTSTRAP}`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(bootstrapOf(analysis)?.machineEnvironment).toEqual({
        SERVICE_IPV4_CIDR: { kind: 'literal', value: '10.50.0.0/16' },
      });
    });

    it("reads a machine variable a batch section sets from cmd.exe's %NAME% as unknown", () => {
      // Prepare
      const text = `<script>setx SERVICE_IPV4_CIDR %SVC_CIDR% /M</script>\n${BOOTSTRAP}`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(bootstrapOf(analysis)?.machineEnvironment).toEqual({
        SERVICE_IPV4_CIDR: { kind: 'unresolved', variable: 'env:SVC_CIDR' },
      });
    });

    it('lets a variable assigned in one PowerShell section reach a call in the next', () => {
      // Prepare
      const text = `<powershell>$Name = 'prod'</powershell>\n<powershell>& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName $Name</powershell>`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toMatchObject({ bootstrap: PROD_CALL });
    });

    it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
      'reads $%s as a variable like any other, not as a property of every object',
      (name) => {
        // Act: unassigned, then assigned.
        const unassigned = decodeText(
          `<powershell>& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName "x-$${name}"</powershell>`,
        );
        const assigned = decodeText(
          `<powershell>$${name} = 'prod'\n& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName $${name}</powershell>`,
        );

        // Assess
        expect(unassigned).toMatchObject({
          status: 'decoded',
          bootstrap: { args: { EKSClusterName: { kind: 'unresolved' } } },
        });
        expect(assigned).toMatchObject({ status: 'decoded', bootstrap: PROD_CALL });
      },
    );

    it('returns unreadable when the script nests too deeply to parse', () => {
      // Act
      const analysis = decodeText(`<powershell>${'@('.repeat(200)}</powershell>`);

      // Assess
      expect(analysis).toEqual({
        status: 'unreadable',
        reason: 'PowerShell nests deeper than 100 levels',
      });
    });
  });

  describe("batch sections, read in cmd.exe's terms", () => {
    const SCRIPT = 'powershell -File "C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1"';
    const batch = (...lines: string[]) => `<script>\r\n${lines.join('\r\n')}\r\n</script>`;
    const prod = { kind: 'literal', value: 'prod' };
    const unknownCluster = { kind: 'unresolved', variable: 'env:C' };

    it.each([
      [
        'an apostrophe in a REM line',
        ["rem Don't edit: generated", `${SCRIPT} -EKSClusterName prod`],
      ],
      ['an apostrophe in an echo', ["echo Joining, it's quick", `${SCRIPT} -EKSClusterName prod`]],
      ['an apostrophe in a :: comment', [":: it's ours", `${SCRIPT} -EKSClusterName prod`]],
      [
        'an unclosed double quote, which the line ends',
        ['echo "unbalanced', `${SCRIPT} -EKSClusterName prod`],
      ],
      ['@ before the command', [`@${SCRIPT} -EKSClusterName prod`]],
      ['call before the command', [`call ${SCRIPT} -EKSClusterName prod`]],
      ['start /wait before the command', [`start /wait ${SCRIPT} -EKSClusterName prod`]],
      [
        'start with a title and /D',
        [`start "eks" /D C:\\EKS /wait ${SCRIPT} -EKSClusterName prod`],
      ],
      [
        'the host named by a quoted path',
        [
          `"C:\\Program Files\\PowerShell\\7\\pwsh.exe" -NoProfile ${SCRIPT.replace('powershell ', '')} -EKSClusterName prod`,
        ],
      ],
      ['an if exist condition', [`if exist C:\\EKS ${SCRIPT} -EKSClusterName prod`]],
      ['an if not errorlevel condition', [`if not errorlevel 1 ${SCRIPT} -EKSClusterName prod`]],
      ['an if comparison', [`if /i "%ROLE%"=="windows" ${SCRIPT} -EKSClusterName prod`]],
      [
        'an if comparison by EQU, a block',
        ['if %ERRORLEVEL% EQU 0 (', `  ${SCRIPT} -EKSClusterName prod`, ')'],
      ],
      [
        'an if condition before a block holding -Command',
        [
          'if exist C:\\EKS (powershell -Command "& \'C:\\EKS\\Start-EKSBootstrap.ps1\' -EKSClusterName prod")',
        ],
      ],
      ['a quote a caret escapes', ['echo 5^" pipe', `${SCRIPT} -EKSClusterName prod`]],
      [
        'a -Command text quoted with carets',
        ['powershell -Command ^"^& \'C:\\EKS\\Start-EKSBootstrap.ps1\' -EKSClusterName prod^"'],
      ],
      ['a command after & on the same line', [`${SCRIPT} -EKSClusterName prod & echo done`]],
      ['a command after | on the same line', [`${SCRIPT} -EKSClusterName prod | more`]],
      ['a command after cmd /c … &', [`cmd /c ${SCRIPT} -EKSClusterName prod & echo done`]],
      [
        'cmd /c "…" holding quotes of its own, which cmd.exe takes off first and last',
        [`cmd /c "${SCRIPT} -EKSClusterName prod"`],
      ],
      [
        'cmd /d /s /c "…" running two commands, the folder quoted inside',
        [
          'cmd /d /s /c "cd /d "C:\\Program Files\\Amazon\\EKS" && powershell -File .\\Start-EKSBootstrap.ps1 -EKSClusterName prod"',
        ],
      ],
      ['input read from a file', [`${SCRIPT} -EKSClusterName prod < NUL`]],
      ['its output redirected', [`${SCRIPT} -EKSClusterName prod >> C:\\log.txt 2>&1`]],
      ['a redirection before the program', [`>>C:\\log.txt 2>&1 ${SCRIPT} -EKSClusterName prod`]],
      [
        'a variable set, then PowerShell run by call, which cannot change it',
        ['set C=prod', 'call powershell -Command exit', `${SCRIPT} -EKSClusterName %C%`],
      ],
      ['lines continued by a caret', [`${SCRIPT} ^`, '  -EKSClusterName prod']],
      ['a variable a plain set gives', ['set C=prod', `${SCRIPT} -EKSClusterName %C%`]],
      ['a variable set in quotes', ['set "C=prod" ignored', `${SCRIPT} -EKSClusterName %C%`]],
      ['a variable set, in other case', ['SET c=prod', `${SCRIPT} -EKSClusterName %C%`]],
      [
        'a variable expanded with delayed expansion',
        ['setlocal EnableDelayedExpansion', 'set C=prod', `${SCRIPT} -EKSClusterName !C!`],
      ],
    ])('reads the call past %s', (_shape, lines) => {
      // Act
      const analysis = decodeText(batch(...lines));

      // Assess
      expect(bootstrapOf(analysis)).toEqual({
        args: { EKSClusterName: prod },
        unknownParameters: [],
      });
    });

    it.each([
      ['on one line', [`for /f "delims=" %%a in (C:\\name.txt) do ${SCRIPT} -EKSClusterName %%a`]],
      ['in a block', ['for /f %%a in (C:\\name.txt) do (', `  ${SCRIPT} -EKSClusterName %%a`, ')']],
    ])("reads a for loop's variable as unknown, %s", (_shape, lines) => {
      // Act
      const analysis = decodeText(batch(...lines));

      // Assess
      expect(bootstrapOf(analysis)?.args.EKSClusterName).toEqual({
        kind: 'unresolved',
        variable: 'env:a',
      });
    });

    it.each([
      ['never set', [`${SCRIPT} -EKSClusterName %C%`]],
      [
        'set on the line that uses it, which cmd.exe expands first',
        [`set C=other & ${SCRIPT} -EKSClusterName %C%`],
      ],
      [
        'set in a section that jumps',
        ['set C=other', 'goto run', ':run', `${SCRIPT} -EKSClusterName %C%`],
      ],
      [
        'set in a section that calls a label',
        ['set C=other', 'call :log', `${SCRIPT} -EKSClusterName %C%`],
      ],
      [
        'set before a call of another batch file',
        ['set C=other', 'call C:\\tools\\env.cmd', `${SCRIPT} -EKSClusterName %C%`],
      ],
      [
        'set after if',
        ['set C=prod', 'if exist C:\\x set C=other', `${SCRIPT} -EKSClusterName %C%`],
      ],
      [
        'set in a block',
        ['set C=prod', 'if exist C:\\x (', '  set C=other', ')', `${SCRIPT} -EKSClusterName %C%`],
      ],
      [
        'set again by set /p',
        ['set C=prod', 'set /p C=<C:\\name.txt', `${SCRIPT} -EKSClusterName %C%`],
      ],
      [
        'set before endlocal',
        ['setlocal', 'set C=other', 'endlocal', `${SCRIPT} -EKSClusterName %C%`],
      ],
      ['delayed without its setlocal', ['set C=other', `${SCRIPT} -EKSClusterName !C!`]],
    ])('reads a variable %s as unknown', (shape, lines) => {
      // Act
      const analysis = decodeText(batch(...lines));

      // Assess
      expect(bootstrapOf(analysis)?.args.EKSClusterName).toEqual(
        shape.startsWith('delayed') ? { kind: 'literal', value: '!C!' } : unknownCluster,
      );
    });

    it.each([
      ['in a REM line', [`rem ${SCRIPT} -EKSClusterName prod`]],
      [
        'naming the script as a command, which cmd.exe opens with its file association',
        ['C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod'],
      ],
      [
        'naming it without the extension',
        ['cd /d C:\\EKS', 'Start-EKSBootstrap -EKSClusterName prod'],
      ],
      ['after & in a REM line', [`rem old & ${SCRIPT} -EKSClusterName prod`]],
      [
        'after -Command and an unquoted &',
        ["powershell -Command & 'C:\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod"],
      ],
    ])('finds no call %s', (_shape, lines) => {
      // Act
      const analysis = decodeText(batch(...lines));

      // Assess
      expect(analysis).toMatchObject({ status: 'decoded', bootstrapScriptNamed: true });
      expect(bootstrapOf(analysis)).toBeUndefined();
    });

    it.each([
      [
        'a comma',
        '-KubeletExtraArgs --node-labels=role=win,team=infra',
        '--node-labels=role=win,team=infra',
      ],
      ['single quotes', "-KubeletExtraArgs '--v=2'", "'--v=2'"],
      ['a dollar sign', '-KubeletExtraArgs --node-labels=cost=$5', '--node-labels=cost=$5'],
    ])("passes -File's arguments with %s as cmd.exe writes them", (_shape, args, value) => {
      // Act: powershell.exe gives a -File script its arguments as literal text
      const analysis = decodeText(batch(`${SCRIPT} -EKSClusterName prod ${args}`));

      // Assess
      expect(bootstrapOf(analysis)?.args.KubeletExtraArgs).toEqual({ kind: 'literal', value });
    });

    it.each([
      [
        'the path',
        '-Command "& \\"C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1\\" -EKSClusterName prod"',
        undefined,
      ],
      [
        'an argument',
        `-Command "& 'C:\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod -KubeletExtraArgs \\"--node-labels=role=win --v=2\\""`,
        { kind: 'literal', value: '--node-labels=role=win --v=2' },
      ],
    ])(
      'reads quotes escaped by a backslash in -Command, around %s',
      (_shape, args, kubeletArgs) => {
        // Act: powershell.exe splits its command line by the C runtime's rules, where \" is a quote
        const analysis = decodeText(batch(`powershell -NoProfile ${args}`));

        // Assess
        expect(bootstrapOf(analysis)?.args).toEqual({
          EKSClusterName: prod,
          ...(kubeletArgs === undefined ? {} : { KubeletExtraArgs: kubeletArgs }),
        });
      },
    );

    it.each([
      [
        'single quotes around arguments, which powershell.exe keeps',
        "-Command C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod -KubeletExtraArgs '--node-labels=role=win --v=2'",
        {
          EKSClusterName: prod,
          KubeletExtraArgs: { kind: 'literal', value: '--node-labels=role=win --v=2' },
        },
      ],
      [
        'a variable the text sets itself, not expanded by cmd.exe',
        `-Command "$c='prod'; & \\"C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1\\" -EKSClusterName $c"`,
        { EKSClusterName: prod },
      ],
    ])('reads a -Command text as the host gets it: %s', (_shape, args, expected) => {
      // Act
      const analysis = decodeText(batch(`powershell -NoProfile ${args}`));

      // Assess
      expect(bootstrapOf(analysis)?.args).toEqual(expected);
    });

    it('keeps a set variable out of a later batch section, which may run in another cmd.exe', () => {
      // Prepare
      const text = `${batch('set C=prod')}\n${batch(`${SCRIPT} -EKSClusterName %C%`)}`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(bootstrapOf(analysis)?.args.EKSClusterName).toEqual(unknownCluster);
    });

    it('keeps a set variable out of a later PowerShell section', () => {
      // Prepare: set changes cmd.exe's own environment, which ends with the section.
      const text = `${batch('set EKSClusterName=other')}\n<powershell>\n& 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName $env:EKSClusterName\n</powershell>`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(bootstrapOf(analysis)?.args.EKSClusterName).toMatchObject({ kind: 'unresolved' });
    });

    it('reads a quoted cmd /c line whose host is a quoted path, its quotes doubled', () => {
      // Prepare: cmd /c takes off the first and last quotes, leaving the path quoted
      const text = `<powershell>\ncmd /c "cd /d C:\\EKS && ""C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"" -File .\\Start-EKSBootstrap.ps1 -EKSClusterName prod"\n</powershell>`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(bootstrapOf(analysis)).toEqual({
        args: { EKSClusterName: prod },
        unknownParameters: [],
      });
    });

    it('ends a quoted cmd /c line at its next command', () => {
      // Prepare
      const text = `<powershell>\ncmd /c "powershell -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod & echo done"\n</powershell>`;

      // Act
      const analysis = decodeText(text);

      // Assess
      expect(bootstrapOf(analysis)).toEqual({
        args: { EKSClusterName: prod },
        unknownParameters: [],
      });
    });
  });

  describe('the script named without a call', () => {
    it.each([
      ['a string for later', "$later = '& C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName prod'"],
      ['a comment', '# Start-EKSBootstrap.ps1 runs from the scheduled task'],
      ['a comment naming it without the extension', '# Start-EKSBootstrap runs later'],
      ['a batch section', 'echo start-eksbootstrap.ps1 > C:\\later.txt'],
    ])('marks %s', (_shape, script) => {
      // Act
      const analysis = decodeText(
        script.startsWith('echo')
          ? `<script>\n${script}\n</script>`
          : `<powershell>\n${script}\n</powershell>`,
      );

      // Assess
      expect(analysis).toMatchObject({ status: 'decoded', bootstrapScriptNamed: true });
      expect(bootstrapOf(analysis)).toBeUndefined();
    });

    it.each([
      ['a call', BOOTSTRAP],
      ['no mention at all', '<powershell>\nWrite-Host ready\n</powershell>'],
    ])('does not mark %s', (_shape, text) => {
      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).not.toHaveProperty('bootstrapScriptNamed');
    });
  });

  describe('secrets', () => {
    it('keeps a password in the user data out of the analysis', () => {
      // Prepare
      const password = 'S3cr3t!';
      const text = `<powershell>
$Password = '${password}'
net user admin ${password} /add
$Secure = ConvertTo-SecureString "${password}" -AsPlainText -Force
& 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1' -EKSClusterName prod -KubeletExtraArgs "--node-labels=team=a" -Password $Password -Token ${password}
</powershell>`;

      // Act
      const serialised = JSON.stringify(decodeText(text));

      // Assess
      expect(serialised).toContain('prod');
      expect(serialised).not.toContain(password);
      expect(serialised).not.toContain('S3cr3t');
    });

    it('keeps the content of unreadable user data out of the reason', () => {
      // Prepare
      const secret = 'hunter2-very-secret';
      const inputs = [
        `${encode(`<powershell>net user admin ${secret}</powershell>`)}*`,
        encode(`Content-Type: multipart/mixed\n\n${secret}`),
        encode(`<powershell>${'('.repeat(150)}${secret}</powershell>`),
        encode(Buffer.concat([Buffer.from(secret), Buffer.from([0xff, 0x00, 0xfe])])),
      ];

      // Act
      const serialised = inputs.map((input) => JSON.stringify(decodeUserData(input)));

      // Assess
      for (const text of serialised) {
        expect(text).toContain('unreadable');
        expect(text).not.toContain(secret);
      }
    });
  });

  describe("script paths through Windows' folder variables", () => {
    const SCRIPT = 'Amazon\\EKS\\Start-EKSBootstrap.ps1';
    const ARGS = '-EKSClusterName prod';
    const powershell = (line: string) => `<powershell>\r\n${line}\r\n</powershell>`;
    const batch = (line: string) => `<script>\r\n${line}\r\n</script>`;

    it.each([
      [
        'a double-quoted path in PowerShell',
        powershell(`& "$env:ProgramFiles\\${SCRIPT}" ${ARGS}`),
      ],
      ['a braced variable', powershell(`& "\${env:ProgramFiles}\\${SCRIPT}" ${ARGS}`)],
      ['an unquoted path, one argument', powershell(`& $env:ProgramFiles\\${SCRIPT} ${ARGS}`)],
      [
        '-File from PowerShell, which quotes the expanded path',
        powershell(`powershell -File "$env:ProgramFiles\\${SCRIPT}" ${ARGS}`),
      ],
      [
        '-File from PowerShell, unquoted',
        powershell(`powershell -File $env:ProgramFiles\\${SCRIPT} ${ARGS}`),
      ],
      [
        'a -Command text quoting it',
        powershell(`powershell -Command "& '$env:ProgramFiles\\${SCRIPT}' ${ARGS}"`),
      ],
      ['-File in batch, quoted', batch(`powershell -File "%ProgramFiles%\\${SCRIPT}" ${ARGS}`)],
      [
        '-File in batch, named in another case',
        batch(`powershell -File "%PROGRAMFILES%\\${SCRIPT}" ${ARGS}`),
      ],
      [
        'a -Command text from batch, which the child expands as one argument',
        batch(`powershell -Command "& $env:ProgramFiles\\${SCRIPT} ${ARGS}"`),
      ],
      [
        'a -Command text after --%, which PowerShell passes on for the host to expand',
        powershell(`powershell --% -NoProfile -Command "& $env:ProgramFiles\\${SCRIPT} ${ARGS}"`),
      ],
      [
        '-File after --% with %ProgramFiles% quoted, which PowerShell passes on with its quotes',
        powershell(`powershell --% -File "%ProgramFiles%\\${SCRIPT}" ${ARGS}`),
      ],
      [
        'a -Command text after --% quoting %ProgramFiles% in single quotes',
        powershell(`powershell --% -Command "& '%ProgramFiles%\\${SCRIPT}' ${ARGS}"`),
      ],
      [
        'a cmd /c line from PowerShell quoting %ProgramFiles% inside',
        powershell(`cmd /c "powershell -File ""%ProgramFiles%\\${SCRIPT}"" ${ARGS}"`),
      ],
      [
        'cmd /c from PowerShell with $env:ProgramFiles, which PowerShell quotes once expanded',
        powershell(`cmd /c powershell -File $env:ProgramFiles\\${SCRIPT} ${ARGS}`),
      ],
      [
        'a -Command text that escapes its $ as well as its quotes',
        powershell(`powershell -Command "& \`"\`$env:ProgramFiles\\${SCRIPT}\`" ${ARGS}"`),
      ],
      [
        'a -Command text from batch quoting it with \\", which powershell.exe takes as a quote',
        batch(`powershell -Command "& \\"%ProgramFiles%\\${SCRIPT}\\" ${ARGS}"`),
      ],
      [
        'Start-Process, quoted inside its string',
        powershell(
          `Start-Process powershell -Wait -ArgumentList "-File \`"$env:ProgramFiles\\${SCRIPT}\`" ${ARGS}"`,
        ),
      ],
    ])('reads %s as a call', (_shape, text) => {
      // Act
      const analysis = decodeText(text);

      // Assess
      expect(bootstrapOf(analysis)).toEqual(PROD_CALL);
    });

    it.each([
      [
        'a -Command text from PowerShell, which expands it unquoted',
        powershell(`powershell -Command "& $env:ProgramFiles\\${SCRIPT} ${ARGS}"`),
        'split-at-space',
      ],
      [
        'Start-Process, which joins its strings without quoting them',
        powershell(
          `Start-Process powershell -Wait -ArgumentList '-File', "$env:ProgramFiles\\${SCRIPT}", '${ARGS}'`,
        ),
        'split-at-space',
      ],
      [
        'Start-Process, one string',
        powershell(
          `Start-Process powershell -ArgumentList "-File $env:ProgramFiles\\${SCRIPT} ${ARGS}"`,
        ),
        'split-at-space',
      ],
      [
        '-File in batch, unquoted',
        batch(`powershell -File %ProgramFiles%\\${SCRIPT} ${ARGS}`),
        'split-at-space',
      ],
      [
        'the literal path unquoted in PowerShell',
        powershell(`& C:\\Program Files\\${SCRIPT} ${ARGS}`),
        'split-at-space',
      ],
      [
        'a -Command text from Windows PowerShell quoting it with escaped double quotes',
        powershell(`powershell -Command "& \`"$env:ProgramFiles\\${SCRIPT}\`" ${ARGS}"`),
        'split-at-space',
      ],
      [
        'a -Command text from PowerShell, which expands a subexpression of it unquoted',
        powershell(`powershell -Command "& $($env:ProgramFiles)\\${SCRIPT} ${ARGS}"`),
        'split-at-space',
      ],
      [
        'a -Command text quoting it with doubled double quotes',
        powershell(`powershell -Command "& ""$env:ProgramFiles\\${SCRIPT}"" ${ARGS}"`),
        'split-at-space',
      ],
      [
        'a -Command text from a variable, quoting it with double quotes',
        powershell(
          `$text = "& \`"$env:ProgramFiles\\${SCRIPT}\`" ${ARGS}"\r\npowershell -NoProfile -Command $text`,
        ),
        'split-at-space',
      ],
      [
        '-Command arguments, the first quoting it with double quotes',
        powershell(`powershell -NoProfile -Command "& \`"$env:ProgramFiles\\${SCRIPT}\`"" ${ARGS}`),
        'split-at-space',
      ],
      [
        'a cmd /c line from PowerShell, which cmd.exe expands before it splits it',
        powershell(`cmd /c "powershell -File %ProgramFiles%\\${SCRIPT} ${ARGS}"`),
        'split-at-space',
      ],
      [
        '-File after --%, where PowerShell expands %ProgramFiles% in the unquoted path',
        powershell(`powershell --% -File %ProgramFiles%\\${SCRIPT} ${ARGS}`),
        'split-at-space',
      ],
      [
        'a -Command text after --%, where PowerShell expands %ProgramFiles% before the host reads it',
        powershell(`powershell --% -Command "& %ProgramFiles%\\${SCRIPT} ${ARGS}"`),
        'split-at-space',
      ],
      [
        'cmd /c from PowerShell with the words unquoted, which PowerShell joins into one line',
        powershell(`cmd /c powershell -NoProfile -File %ProgramFiles%\\${SCRIPT} ${ARGS} 2>&1`),
        'split-at-space',
      ],
      [
        'cmd /c from PowerShell quoting %ProgramFiles% alone, whose quotes PowerShell drops',
        powershell(`cmd /c powershell -File "%ProgramFiles%\\${SCRIPT}" ${ARGS}`),
        'split-at-space',
      ],
      [
        '-File in batch, with $env: that nothing expands',
        batch(`powershell -File "$env:ProgramFiles\\${SCRIPT}" ${ARGS}`),
        'variable-not-expanded',
      ],
      [
        'a single-quoted $env: path in PowerShell',
        powershell(`& '$env:ProgramFiles\\${SCRIPT}' ${ARGS}`),
        'variable-not-expanded',
      ],
    ])('reads %s as no call, and says why', (_shape, text, why) => {
      // Act
      const analysis = decodeText(text);

      // Assess
      expect(analysis).toEqual(
        decodedAnalysis({
          bootstrapScriptNamed: true,
          unrunnableScriptPath: why as 'split-at-space' | 'variable-not-expanded',
        }),
      );
    });

    it.each([
      [
        'PowerShell',
        powershell(
          `$env:ProgramFiles = 'D:\\Tools'\r\npowershell -Command "& $env:ProgramFiles\\${SCRIPT} ${ARGS}"`,
        ),
      ],
      [
        'batch',
        batch(`set ProgramFiles=D:\\Tools\r\npowershell -File %ProgramFiles%\\${SCRIPT} ${ARGS}`),
      ],
    ])('takes a folder variable the %s section sets as it sets it', (_shell, text) => {
      // Act
      const analysis = decodeText(text);

      // Assess
      expect(bootstrapOf(analysis)).toEqual(PROD_CALL);
    });

    it('leaves a variable of the user or session unknown', () => {
      // Act
      const analysis = decodeText(
        powershell(`powershell -Command "& $env:TEMP\\${SCRIPT} ${ARGS}"`),
      );

      // Assess
      expect(bootstrapOf(analysis)).toEqual(PROD_CALL);
    });

    it('says nothing of a path when another call runs', () => {
      // Act
      const analysis = decodeText(
        powershell(
          `& C:\\Program Files\\${SCRIPT} -EKSClusterName old\r\n& "C:\\Program Files\\${SCRIPT}" ${ARGS}`,
        ),
      );

      // Assess
      expect(analysis).toEqual(decodedAnalysis({ bootstrap: PROD_CALL }));
    });
  });

  describe('script files the user data writes, then runs', () => {
    const CALL = '& $env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod';
    const powershell = (...lines: string[]) =>
      `<powershell>\r\n${lines.join('\r\n')}\r\n</powershell>`;

    it.each([
      [
        'Set-Content -Value, then & of the file',
        powershell(
          `Set-Content -Path C:\\ProgramData\\boot.ps1 -Value '${CALL}'`,
          '& C:\\ProgramData\\boot.ps1',
        ),
      ],
      [
        'a here-string piped to Out-File, then powershell -File, the path in another case',
        powershell(
          "@'",
          CALL,
          "'@ | Out-File -FilePath C:\\ProgramData\\boot.ps1 -Encoding ascii",
          'powershell -ExecutionPolicy Bypass -File c:/programdata/BOOT.ps1',
        ),
      ],
      [
        'lines of an array, the file named by position',
        powershell(
          `Set-Content C:\\boot.ps1 @('Write-Host joining', '${CALL}')`,
          'powershell -File C:\\boot.ps1',
        ),
      ],
    ])('reads the call in the file: %s', (_shape, text) => {
      // Act
      const analysis = decodeText(text);

      // Assess
      expect(bootstrapOf(analysis)).toEqual(PROD_CALL);
    });

    it('reads what the file would run: an expandable here-string cuts the path at its space', () => {
      // Act
      const analysis = decodeText(
        powershell('@"', CALL, '"@ | Set-Content C:\\boot.ps1', '& C:\\boot.ps1'),
      );

      // Assess
      expect(analysis).toEqual(
        decodedAnalysis({ bootstrapScriptNamed: true, unrunnableScriptPath: 'split-at-space' }),
      );
    });

    it.each([
      ['written but never run', [`Set-Content C:\\boot.ps1 -Value '${CALL}'`]],
      ['another file run', [`Set-Content C:\\boot.ps1 -Value '${CALL}'`, '& C:\\other.ps1']],
      [
        'appended to, what it held before unknown',
        [`Add-Content C:\\boot.ps1 -Value '${CALL}'`, '& C:\\boot.ps1'],
      ],
      [
        'written again with a text not known',
        [
          `Set-Content C:\\boot.ps1 -Value '${CALL}'`,
          'Set-Content C:\\boot.ps1 -Value (Get-Content C:\\x.ps1)',
          '& C:\\boot.ps1',
        ],
      ],
    ])('finds no call in a file %s', (_shape, lines) => {
      // Act
      const analysis = decodeText(powershell(...lines));

      // Assess
      expect(bootstrapOf(analysis)).toBeUndefined();
    });
  });

  it('never throws for a value that is not a string', () => {
    // Act
    const analyses = [42, null, {}, ['x']].map((value) =>
      decodeUserData(value as unknown as string),
    );

    // Assess
    expect(analyses).toEqual([
      { status: 'unreadable', reason: 'user data is not a string' },
      { status: 'absent' },
      { status: 'unreadable', reason: 'user data is not a string' },
      { status: 'unreadable', reason: 'user data is not a string' },
    ]);
  });

  it('decodes random bytes to unreadable', () => {
    // Act
    const analysis = decodeUserData(randomBytes(512).toString('base64'));

    // Assess
    expect(analysis.status).toBe('unreadable');
  });
});
