/**
 * A corpus of hostile user data, generated in code: the shapes that stalled the decoder or
 * leaked a secret (issue 9) and the classic ones (nesting, here-strings, backticks, quotes,
 * MIME part counts, gzip bombs). Every input is within the size limit unless its name says
 * otherwise, and most carry a fake secret (the canary) where a careless reader would quote it.
 * Used by the corpus test, the secret-canary test, the property tests and the benchmark.
 */
import { gzipSync } from 'node:zlib';
import { MAX_ENCODED_LENGTH } from '../../src/decode/limits.ts';
import type { Inventory, NodeSource } from '../../src/inventory/types.ts';

/**
 * What reads the corpus whole: its inputs run to 64 KiB, past the 16 KB AWS accepts (which
 * the decoder refuses by default), to show that the parser's work stays linear on any input.
 */
export const PAST_AWS_CAP = { maxUserDataBytes: MAX_ENCODED_LENGTH };

/** A fake secret: never a real one, still never printed. */
export const ADVERSARIAL_CANARY = 'Canary7Adv3rsarialPw';

/** Longest text whose base64 fits the 64 KiB limit of encoded user data, with room to spare. */
export const LARGEST_TEXT = 48_000;

export interface AdversarialInput {
  /** Stable kebab-case name, unique in the corpus. */
  name: string;
  /** The input class, as docs/reliability.md lists it. */
  inputClass: string;
  /** The user data as EC2 returns it: base64. */
  encoded: string;
  /** True when the canary is in the input. */
  carriesSecret: boolean;
}

export const BOOTSTRAP_CALL = '& "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"';
/** An EKS endpoint host in the shape evidence may quote. */
export const EKS_HOST = 'FEDCBA9876543210FEDCBA9876543210.gr7.us-west-2.eks.amazonaws.com';

const base64 = (data: string | Buffer): string => Buffer.from(data).toString('base64');
const section = (script: string): string => `<powershell>\n${script}\n</powershell>\n`;

/** `unit` repeated to about `length` characters (at least once). */
export function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.max(1, Math.floor(length / unit.length)));
}

/**
 * `$vN = '<script>'` then `powershell -c $vN` `width` times, the script being the same shape
 * one level down; the outermost level repeats its call `topWidth` times. Read naively, the
 * innermost text is parsed width^depth times.
 */
export function nestedCommands(
  depth: number,
  width: number,
  topWidth: number,
  innermost: string,
): string {
  let script = innermost;
  for (let level = 0; level < depth; level++) {
    const calls = level === depth - 1 ? topWidth : width;
    script = `$v${level} = '${script.replaceAll("'", "''")}'\n${`powershell -c $v${level}\n`.repeat(calls)}`;
  }
  return script;
}

/** A cloud-init style multipart document; `nest` wraps it in that many more levels. */
function multipart(parts: string[], boundary: string): string {
  const lines = ['MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`, ''];
  for (const part of parts) lines.push(`--${boundary}`, part);
  lines.push(`--${boundary}--`, '');
  return lines.join('\r\n');
}

function textPart(body: string, contentType = 'text/x-shellscript'): string {
  return `Content-Type: ${contentType}\r\n\r\n${body}`;
}

function nestedMultipart(levels: number, leaf: string): string {
  let document = textPart(leaf);
  for (let level = 0; level < levels; level++) {
    const inner = multipart([document, textPart('# filler')], `b${level}`);
    document = inner;
  }
  return document;
}

/** The corpus, each input as EC2 returns user data. */
export function adversarialCorpus(secret = ADVERSARIAL_CANARY): AdversarialInput[] {
  const inputs: AdversarialInput[] = [];
  /** `source`: the text before compression, when `data` is compressed. */
  const add = (name: string, inputClass: string, data: string | Buffer, source?: string): void => {
    const text = source ?? (typeof data === 'string' ? data : data.toString('latin1'));
    inputs.push({ name, inputClass, encoded: base64(data), carriesSecret: text.includes(secret) });
  };
  const gzipped = (name: string, inputClass: string, source: string): void =>
    add(name, inputClass, gzipSync(Buffer.from(source)), source);
  const netUser = `net user Administrator ${secret} /add`;
  const call = (args: string) => `${BOOTSTRAP_CALL} -EKSClusterName prod ${args}`;
  const ps = (script: string) => section(`${script}\n${netUser}`);

  // --- Issue 9: shapes that multiplied work ---------------------------------------------
  const selfReference = '$h = @{ a = $h; b = $h }\n';
  add(
    'self-referencing-hashtable-40',
    'self-referencing hashtable',
    ps(`$h = 1\n${selfReference.repeat(40)}${call('-KubeletExtraArgs $h')}`),
  );
  add(
    'self-referencing-hashtable-largest',
    'self-referencing hashtable',
    ps(`$h = 1\n${repeatTo(selfReference, LARGEST_TEXT)}${call('-KubeletExtraArgs $h')}`),
  );
  add(
    'self-referencing-hashtable-splatted',
    'self-referencing hashtable',
    ps(
      `$h = @{ EKSClusterName = 'prod' }\n${repeatTo("$h = @{ EKSClusterName = 'prod'; a = $h; b = $h }\n", LARGEST_TEXT)}${BOOTSTRAP_CALL} @h`,
    ),
  );
  add(
    'self-referencing-list',
    'self-referencing list',
    ps(`$l = 'a'\n${repeatTo('$l = $l, $l, $l\n', LARGEST_TEXT)}${call('-ExcludedSnatCIDRs $l')}`),
  );
  const innermost = call(`-KubeletExtraArgs '--token=${secret}'`);
  add(
    'nested-command-3-levels-11k',
    'nested powershell -Command',
    section(nestedCommands(3, 120, 120, innermost)),
  );
  add(
    'nested-command-3-levels-56k',
    'nested powershell -Command',
    section(nestedCommands(3, 120, 2_300, innermost)),
  );
  const distinctScript = `$v = '${repeatTo("Write-Host 'step'; ", 7_000)}'\n`;
  add(
    'nested-command-distinct-texts',
    'nested powershell -Command',
    ps(
      `${distinctScript}${Array.from({ length: 1_700 }, (_, index) => `powershell -c "$v #${index}"`).join('\n')}`,
    ),
  );
  // Invoke-Expression reads its text in the caller's scope, uncached: unknown parts by the
  // thousand in each text, and a text that runs itself.
  add(
    'invoke-expression-unknown-parts',
    'nested powershell -Command',
    ps(
      `$u = Get-Secret\n$a = "${'$u'.repeat(8_000)}"\n${Array.from({ length: 1_800 }, (_, index) => `iex "$a ${index}"`).join('\n')}`,
    ),
  );
  add(
    'invoke-expression-runs-itself',
    'nested powershell -Command',
    ps(`$a = '${'iex $a;'.repeat(20)}'\n${repeatTo('iex $a\n', LARGEST_TEXT - 200)}`),
  );
  add(
    'written-script-runs-itself',
    'nested powershell -Command',
    ps(
      `Set-Content C:\\a.ps1 -Value '${'& C:\\a.ps1; '.repeat(20)}'\n${repeatTo('& C:\\a.ps1\n', LARGEST_TEXT - 400)}`,
    ),
  );
  add(
    'nested-command-file-and-command',
    'nested powershell -Command',
    ps(
      repeatTo(
        `powershell -Command "powershell -c 'powershell -File C:\\x\\Start-EKSBootstrap.ps1 -EKSClusterName x'"\n`,
        LARGEST_TEXT,
      ),
    ),
  );

  // --- Issue 9: shapes that quoted a secret as evidence -----------------------------------
  const strayContinuation = (password: string) =>
    section(`${call('-Base64ClusterCA abc')} \`\nnet user Administrator ${password}`);
  add(
    'stray-continuation-dotted-password',
    'stray line continuation before a password',
    strayContinuation(`${secret}.Pw1`),
  );
  add(
    'stray-continuation-password-dots-first',
    'stray line continuation before a password',
    strayContinuation(`p.a.s.s.${secret}`),
  );
  add(
    'stray-continuation-password-like-a-host',
    'stray line continuation before a password',
    strayContinuation(`${secret}.gr7.us-west-2.eks.amazonaws.com`),
  );
  add(
    'stray-continuation-password-like-a-url',
    'stray line continuation before a password',
    strayContinuation(`https://${secret}.example.com`),
  );
  add(
    'stray-continuation-crlf',
    'stray line continuation before a password',
    section(`${call('-Base64ClusterCA abc')} \`\r\nnet user Administrator ${secret}.x`),
  );
  const endpoint = (value: string) =>
    section(`${call(`-Base64ClusterCA abc -APIServerEndpoint ${value}`)}`);
  const endpointShapes: Array<[string, string]> = [
    ['path', `https://${EKS_HOST}/${secret}`],
    ['after-semicolon', `'https://${EKS_HOST};${secret}'`],
    ['after-backslash', `'https://${EKS_HOST}\\${secret}'`],
    ['percent-encoded', `https://${EKS_HOST}%2F${secret}`],
    ['user-info', `https://admin:${secret}@${EKS_HOST}`],
    ['query', `"https://${EKS_HOST}/?token=${secret}"`],
    ['fragment', `"https://${EKS_HOST}#${secret}"`],
    ['port-and-path', `https://${EKS_HOST}:443/${secret}`],
    ['after-space-in-quotes', `"https://${EKS_HOST} ${secret}"`],
    ['after-tab-in-quotes', `"https://${EKS_HOST}\t${secret}"`],
    ['as-subdomain', `https://${secret}.${EKS_HOST}`],
    ['backtick-escaped', `"https://${EKS_HOST}\`/${secret}"`],
    ['in-variable', `$e`],
  ];
  for (const [shape, value] of endpointShapes) {
    const prefix = value === '$e' ? `$e = 'https://${EKS_HOST}/x/${secret}'\n` : '';
    add(
      `endpoint-token-${shape}`,
      'a token in the endpoint URL',
      prefix === ''
        ? endpoint(value)
        : section(`${prefix}${call(`-Base64ClusterCA abc -APIServerEndpoint ${value}`)}`),
    );
  }

  // --- Classic: nesting ---------------------------------------------------------------------
  add('deep-parentheses', 'deep nesting', section(`${'('.repeat(LARGEST_TEXT)}${secret}`));
  add(
    'nesting-at-the-limit-repeated',
    'deep nesting',
    ps(repeatTo(`${'('.repeat(99)}$x = 1${')'.repeat(99)}\n`, LARGEST_TEXT)),
  );
  add(
    'deep-hashtables',
    'deep nesting',
    ps(`$h = ${'@{ a = '.repeat(99)}1${' }'.repeat(99)}\n${repeatTo('$g = $h\n', 40_000)}`),
  );
  add('deep-script-blocks', 'deep nesting', section(`${'{'.repeat(LARGEST_TEXT)}${secret}`));
  add(
    'deep-array-subexpressions',
    'deep nesting',
    ps(repeatTo(`$a = ${'@('.repeat(90)}1${')'.repeat(90)}\n`, LARGEST_TEXT)),
  );

  // --- Classic: here-strings, backticks, quotes --------------------------------------------
  add('here-strings-many', 'here-strings', ps(repeatTo('$x = @"\n$x $x\n"@\n', LARGEST_TEXT)));
  add(
    'here-string-never-closed',
    'here-strings',
    section(`$x = @"\n${secret}\n${repeatTo('line $x\n', LARGEST_TEXT)}`),
  );
  add(
    'here-strings-with-open-subexpressions',
    'here-strings',
    ps(repeatTo('$x = @"\n$(\n"@\n', LARGEST_TEXT)),
  );
  add('backtick-escapes', 'backticks', ps(`"${repeatTo('`u{', LARGEST_TEXT)}`));
  add(
    'backtick-continuations',
    'backticks',
    section(`${call('')}${repeatTo(' -KubeletExtraArgs x `\n', LARGEST_TEXT)} ${secret}`),
  );
  add('backticks-alone', 'backticks', ps(repeatTo('`', LARGEST_TEXT)));
  add('double-quotes-many', 'quotes', ps(repeatTo('"', LARGEST_TEXT)));
  add('single-quotes-many', 'quotes', ps(repeatTo("'a", LARGEST_TEXT)));
  // Three bytes each in UTF-8.
  add('typographic-quotes', 'quotes', ps(repeatTo('\u201c\u2018\u201d\u2019', LARGEST_TEXT / 3)));
  add(
    'doubled-quotes-in-strings',
    'quotes',
    ps(`$x = '${repeatTo("''", LARGEST_TEXT / 2)}'\n$y = "${repeatTo('""', LARGEST_TEXT / 2)}"`),
  );

  // --- Classic: expressions the value tracker reads ------------------------------------------
  add(
    'variable-doubling',
    'values that grow',
    ps(
      `$a0 = 'xx'\n${Array.from({ length: 2_000 }, (_, i) => `$a${i + 1} = "$a${i}$a${i}"`).join('\n')}`,
    ),
  );
  const longValue = `$t = '${'x'.repeat(8_000)}'\n$l = ${Array.from({ length: 256 }, () => '$t').join(',')}\n`;
  add(
    'long-list-interpolated',
    'values that grow',
    ps(`${longValue}${repeatTo('$s = "$l"\n', LARGEST_TEXT - longValue.length)}`),
  );
  add(
    'long-list-flattened',
    'values that grow',
    ps(`${longValue}${repeatTo('$m = @($l, $l, $l)\n', LARGEST_TEXT - longValue.length)}`),
  );
  // Bound to every [string] parameter, again and again: each binding reads the whole value.
  const everyStringParameter = (list: string) =>
    `$h = @{ ${['KubeletExtraArgs', 'KubeProxyExtraArgs', 'APIServerEndpoint', 'Base64ClusterCA', 'DNSClusterIP', 'ContainerRuntime', 'ServiceCIDR'].map((name) => `${name} = ${list}`).join('; ')} }\n`;
  for (const [name, list] of [
    ['long-list-splatted', '$l'],
    ['long-list-splatted-partly-unknown', '@($l, $Unknown)'],
  ] as const) {
    const head = `${longValue}${everyStringParameter(list)}`;
    add(
      name,
      'values bound again and again',
      ps(`${head}${repeatTo('& $u @h\n', LARGEST_TEXT - head.length)}`),
    );
  }
  const shortValue = `$t = '${'x'.repeat(30)}'\n$l = ${Array.from({ length: 256 }, () => '$t').join(',')}\n`;
  const shortHead = `${shortValue}${everyStringParameter('@($l, $Unknown)')}`;
  add(
    'list-within-the-cap-splatted',
    'values bound again and again',
    ps(`${shortHead}${repeatTo('& $u @h\n', LARGEST_TEXT - shortHead.length)}`),
  );
  const bigHashtable = `$h = @{ ${Array.from({ length: 250 }, (_, i) => `K${i} = ${i}`).join('; ')} }\n`;
  add(
    'splatted-hashtable-many-calls',
    'values that grow',
    ps(`${bigHashtable}${repeatTo('& $u @h\n', LARGEST_TEXT - bigHashtable.length)}`),
  );
  add(
    'unknown-command-named-arguments',
    'values that grow',
    ps(repeatTo('& $u -EKSClusterNam x -Kub y -Base c\n', LARGEST_TEXT)),
  );
  add(
    'setx-many-switches',
    'commands with many words',
    ps(`setx ${repeatTo('/M ', LARGEST_TEXT / 2)}${repeatTo('a ', LARGEST_TEXT / 2)}`),
  );
  add(
    'many-distinct-variables',
    'commands with many words',
    ps(Array.from({ length: 3_500 }, (_, i) => `$v${i} = ${i}`).join('\n')),
  );
  add(
    'parameter-like-words-in-hashtable',
    'tokenizer look-ahead',
    ps(`@{${repeatTo('-a=', LARGEST_TEXT)}`),
  );
  add('unclosed-type-brackets', 'tokenizer look-ahead', ps(repeatTo('[a', LARGEST_TEXT)));
  add('unclosed-subexpressions', 'tokenizer look-ahead', ps(`"${repeatTo('$(', LARGEST_TEXT)}`));
  add(
    'member-access-chains',
    'tokenizer look-ahead',
    ps(`$x${repeatTo('.a[0](1)', LARGEST_TEXT)}`),
  );
  const hosted = 'powershell -File C:\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod';
  add(
    'cmd-start-chain',
    'a command line that runs another',
    ps(`${repeatTo('cmd /c start "" /wait ', LARGEST_TEXT - hosted.length)}${hosted}`),
  );
  // cmd.exe's syntax in a batch section, read before the PowerShell reader sees it.
  const batch = (script: string) => `<script>\n${script}\n${netUser}\n</script>\n`;
  const longSet = `set A=${'x'.repeat(8_000)}\n`;
  add(
    'batch-variable-expanded-again-and-again',
    'cmd.exe expansion',
    batch(`${longSet}${repeatTo('%A%', LARGEST_TEXT - longSet.length)}\n${hosted}`),
  );
  add(
    'batch-lines-continued',
    'cmd.exe lines',
    batch(`${repeatTo('"a" ^\n', LARGEST_TEXT - hosted.length)}${hosted}`),
  );
  add(
    'batch-operators',
    'cmd.exe lines',
    batch(`${repeatTo('&<^|', LARGEST_TEXT - hosted.length)}\n${hosted}`),
  );
  add(
    'unclosed-block-comment',
    'tokenizer look-ahead',
    section(`<# ${secret}\n${repeatTo('x ', LARGEST_TEXT)}`),
  );
  add(
    'long-parameter-names',
    'tokenizer look-ahead',
    ps(repeatTo(`-${'a'.repeat(127)} `, LARGEST_TEXT)),
  );
  add('braced-variables-unclosed', 'tokenizer look-ahead', ps(repeatTo('${a', LARGEST_TEXT)));

  // --- Classic: MIME part counts and nesting --------------------------------------------
  const bootstrapPart = textPart(section(call(`-KubeletExtraArgs '--token=${secret}'`)));
  add(
    'mime-64-parts',
    'MIME part counts',
    multipart([...Array.from({ length: 63 }, () => textPart('# part')), bootstrapPart], 'B'),
  );
  add(
    'mime-65-parts',
    'MIME part counts',
    multipart([...Array.from({ length: 64 }, () => textPart('# part')), bootstrapPart], 'B'),
  );
  add(
    'mime-empty-delimiters',
    'MIME part counts',
    `Content-Type: multipart/mixed; boundary=B\r\n\r\n${repeatTo('--B\r\n', LARGEST_TEXT)}`,
  );
  add('mime-nested-4-levels', 'MIME nesting', nestedMultipart(3, section(call(''))));
  add('mime-nested-5-levels', 'MIME nesting', nestedMultipart(5, section(call(''))));
  add(
    'mime-long-folded-header',
    'MIME nesting',
    `MIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n${repeatTo(' x;\r\n', LARGEST_TEXT)} boundary=B\r\n\r\n--B\r\n${bootstrapPart}\r\n--B--\r\n`,
  );
  const gzippedPart = `Content-Type: text/x-shellscript\r\nContent-Transfer-Encoding: base64\r\n\r\n${gzipSync(Buffer.from(repeatTo(selfReference, 20_000))).toString('base64')}`;
  add(
    'mime-gzipped-parts',
    'MIME part counts',
    multipart(
      Array.from({ length: 40 }, () => gzippedPart),
      'B',
    ),
  );
  add(
    'mime-quoted-printable',
    'MIME part counts',
    multipart(
      [
        `Content-Type: text/x-shellscript\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${repeatTo('=3D=\r\n', LARGEST_TEXT)}`,
      ],
      'B',
    ),
  );

  // --- Classic: gzip bombs -----------------------------------------------------------------
  add('gzip-bomb-zeros', 'gzip bombs', gzipSync(Buffer.alloc(10 * 1024 * 1024)));
  gzipped(
    'gzip-bomb-powershell',
    'gzip bombs',
    section(`${selfReference.repeat(400_000)}${netUser}`),
  );
  gzipped(
    'gzip-at-the-cap',
    'gzip bombs',
    section(`${repeatTo(selfReference, 64 * 1024 - 200)}${netUser}`),
  );
  gzipped(
    'gzip-at-the-cap-variable-doubling',
    'gzip bombs',
    section(`${repeatTo('$a = "$a$a$a$a$a$a"\n', 64 * 1024 - 200)}${netUser}`),
  );
  const inner = section(`${selfReference.repeat(1_000)}${netUser}`);
  add('gzip-in-gzip', 'gzip bombs', gzipSync(gzipSync(Buffer.from(inner))), inner);

  // --- Classic: EC2Launch v2 YAML -------------------------------------------------------
  const yaml = (tail: string) => `version: 1.0\ntasks:\n${tail}`;
  add('yaml-deep-flow', 'EC2Launch v2 YAML', yaml(`${'['.repeat(LARGEST_TEXT)}`));
  add('yaml-deep-block', 'EC2Launch v2 YAML', yaml(`${repeatTo('- ', LARGEST_TEXT)}x`));
  add(
    'yaml-many-aliases',
    'EC2Launch v2 YAML',
    yaml(Array.from({ length: 2_000 }, (_, i) => `- &a${i} x\n- *a${i}\n`).join('')),
  );
  add(
    'yaml-adversarial-script',
    'EC2Launch v2 YAML',
    yaml(
      `- task: executeScript\n  inputs:\n  - type: powershell\n    content: |-\n${repeatTo(`      ${selfReference}`, 40_000)}      ${netUser}\n`,
    ),
  );

  // --- Sizes ------------------------------------------------------------------------------
  add('largest-typical', 'size limits', section(`${typicalScript(LARGEST_TEXT)}\n${netUser}`));
  add('too-large', 'size limits', section(`${repeatTo(`# ${secret}\n`, 50_000)}`));
  return inputs;
}

/**
 * Ordinary administration PowerShell of about `length` characters ending in the bootstrap
 * call: what the benchmark compares the corpus with, size for size.
 */
export function typicalScript(length: number): string {
  const block = [
    '# Prepare the node before it joins the cluster',
    "Set-TimeZone -Id 'UTC'",
    '$LogDir = "$env:ProgramData\\bootstrap\\logs"',
    'New-Item -ItemType Directory -Force -Path $LogDir | Out-Null',
    'Install-WindowsFeature -Name Web-Server -IncludeManagementTools -ErrorAction SilentlyContinue',
    '[Environment]::SetEnvironmentVariable("NODE_ROLE", "worker", "Process")',
    'if (Test-Path "C:\\temp") { Remove-Item -Recurse -Force "C:\\temp\\*" }',
    '$Labels = @("team=platform", "os=windows")',
    '',
  ].join('\n');
  const tail = [
    '[string]$EKSBinDir = "$env:ProgramFiles\\Amazon\\EKS"',
    "[string]$EKSBootstrapScriptName = 'Start-EKSBootstrap.ps1'",
    '[string]$EKSBootstrapScriptFile = "$EKSBinDir\\$EKSBootstrapScriptName"',
    `& $EKSBootstrapScriptFile -EKSClusterName prod -APIServerEndpoint https://${EKS_HOST} -Base64ClusterCA LS0tLS1CRUdJTg== -KubeletExtraArgs "--node-labels=$($Labels -join ',')" 3>&1 4>&1 5>&1 6>&1`,
  ].join('\n');
  return `${repeatTo(block, Math.max(0, length - tail.length))}${tail}`;
}

/** Typical user data (plain, base64) of about the given encoded length. */
export function typicalUserData(encodedLength: number): string {
  const overhead = section('').length;
  return base64(section(typicalScript(Math.floor((encodedLength * 3) / 4) - overhead)));
}

/**
 * A raw inventory (user data still base64) of `clusters` clusters of `sourcesPerCluster`
 * self-managed Windows Auto Scaling groups, each with a launch template of its own whose
 * user data is `userDataFor(index)`: the estate the corpus test and the benchmark scan.
 */
export function anEstate(options: {
  clusters: number;
  sourcesPerCluster: number;
  userDataFor: (index: number, cluster: string) => string;
}): Inventory {
  const images: Inventory['images'] = {};
  const nodeSources: NodeSource[] = [];
  const clusters: Inventory['clusters'] = [];
  for (let c = 0; c < options.clusters; c++) {
    const name = `cluster-${c}`;
    clusters.push({
      name,
      version: '1.33',
      endpoint: `https://${EKS_HOST}`,
      certificateAuthority: 'LS0tLS1CRUdJTg==',
      serviceIpv4Cidr: '172.20.0.0/16',
      tags: {},
    });
    for (let s = 0; s < options.sourcesPerCluster; s++) {
      const index = c * options.sourcesPerCluster + s;
      const imageId = `ami-${index.toString(16).padStart(17, '0')}`;
      images[imageId] = {
        status: 'available',
        image: {
          imageId,
          name: `Windows_Server-2022-English-Core-EKS_Optimized-1.33-2026.0${1 + (index % 9)}.10`,
          ownerId: '801119661308',
          platform: 'windows',
          creationDate: `2026-0${1 + (index % 9)}-10T00:00:00.000Z`,
        },
      };
      nodeSources.push({
        kind: 'auto-scaling-group',
        ref: { type: 'AwsAutoScalingAutoScalingGroup', id: `asg-${index}`, name: `asg-${index}` },
        cluster: name,
        sites: [
          {
            ref: { type: 'AwsEc2LaunchTemplate', id: `lt-${index}`, name: `lt-${index}` },
            launchTemplateVersion: '1',
            imageId,
            userData: options.userDataFor(index, name),
          },
        ],
        instanceIds: [],
        tags: {},
      });
    }
  }
  return {
    accountId: '123456789012',
    region: 'us-west-2',
    clusters,
    nodeSources,
    images,
    latestImageIds: {},
    instanceOs: {},
    errors: [],
    complete: true,
  };
}
