import { describe, expect, it } from 'vitest';
import { parseBootstrapCall } from '../../decode/parse-bootstrap-call.ts';
import {
  BOOTSTRAP_SCRIPT_PATH,
  bootstrapCallSnippet,
  CLUSTER_NAME_PLACEHOLDER,
  FIX_SNIPPETS,
} from './fix-snippets.ts';
import { RULES } from './index.ts';

/** A bootstrap call written into text: the script's file name, a quote or not, then a parameter. */
const WRITTEN_CALL = /Start-EKSBootstrap\.ps1["']?\s+-/i;

describe('Fix snippets', () => {
  it.each(Object.entries(FIX_SNIPPETS))(
    'parses %s into a valid bootstrap call with our own parser',
    (_name, snippet) => {
      // Act
      const call = parseBootstrapCall(snippet);

      // Assess
      expect(call).toBeDefined();
      expect(call?.unknownParameters).toEqual([]);
      expect(call?.args.EKSClusterName).toEqual({
        kind: 'literal',
        value: CLUSTER_NAME_PLACEHOLDER,
      });
    },
  );

  it.each(['prod', 'team_a-windows-01', "o'brien"])(
    'writes a call for cluster %s that binds exactly that name',
    (cluster) => {
      // Act
      const call = parseBootstrapCall(bootstrapCallSnippet(cluster));

      // Assess
      expect(call?.args).toEqual({ EKSClusterName: { kind: 'literal', value: cluster } });
    },
  );

  it('is needed: a quoted path without the call operator is an expression, not a call', () => {
    // Prepare
    const withoutCallOperator = `"${BOOTSTRAP_SCRIPT_PATH}" -EKSClusterName 'prod'`;

    // Act
    const call = parseBootstrapCall(withoutCallOperator);

    // Assess
    expect(call).toBeUndefined();
  });

  it.each(RULES.map((rule) => [rule.id, rule.remediation] as const))(
    'writes every bootstrap call of the %s fix text through a snippet',
    (_id, remediation) => {
      // Act
      const outsideSnippets = Object.values(FIX_SNIPPETS).reduce(
        (text, snippet) => text.replaceAll(snippet, ''),
        remediation,
      );

      // Assess
      expect(outsideSnippets).not.toMatch(WRITTEN_CALL);
    },
  );

  it('is what the bootstrap-missing fix text tells operators to run', () => {
    // Act
    const rule = RULES.find((candidate) => candidate.id === 'bootstrap-missing');

    // Assess
    expect(rule?.remediation).toContain(FIX_SNIPPETS.bootstrapCall);
  });
});
