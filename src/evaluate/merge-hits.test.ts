import { describe, expect, it } from 'vitest';
import { MAX_OTHER_STORIES, mergeHits } from './merge-hits.ts';
import type { RuleHit } from './types.ts';

/** A hit on the shared template lt-1, affecting one group, telling `detail`. */
function aHit(group: string, evidence: RuleHit['evidence'], extra: Partial<RuleHit> = {}): RuleHit {
  return {
    cluster: 'prod',
    resource: { type: 'AwsEc2LaunchTemplate', id: 'lt-1' },
    affected: [{ type: 'AwsAutoScalingAutoScalingGroup', name: group }],
    evidence,
    detail: `Auto Scaling group ${group} says ${JSON.stringify(evidence)}.`,
    ...extra,
  };
}

/** The hits in every order, each merged. */
function mergedInEveryOrder(hits: RuleHit[]): RuleHit[] {
  const orders: RuleHit[][] = [[]];
  for (const hit of hits) {
    const next: RuleHit[][] = [];
    for (const order of orders) {
      for (let at = 0; at <= order.length; at++) next.push(order.toSpliced(at, 0, hit));
    }
    orders.splice(0, orders.length, ...next);
  }
  return orders.map((order) => mergeHits(order, 'HIGH'));
}

describe('Function: mergeHits', () => {
  it('gives one hit back as it is, its affected refs each once', () => {
    // Prepare
    const hit = aHit('win-a', { imageId: 'ami-1' });
    const twice = { ...hit, affected: [...hit.affected, ...hit.affected] };

    // Act
    const merged = mergeHits([twice], 'HIGH');

    // Assess
    expect(merged).toEqual(hit);
  });

  it('sorts the sources one hit affects', () => {
    // Prepare: a cluster's hit naming its groups as the API listed them.
    const hit = aHit('win-b', { version: '1.31' });
    const both = { ...hit, affected: [...hit.affected, ...aHit('win-a', {}).affected] };

    // Act
    const merged = mergeHits([both], 'MEDIUM');

    // Assess
    expect(merged.affected.map(({ name }) => name)).toEqual(['win-a', 'win-b']);
  });

  it('tells a story the sources share once, by the source named first, in any order', () => {
    // Act
    const merged = mergedInEveryOrder([
      aHit('win-c', { imageId: 'ami-1' }),
      aHit('win-a', { imageId: 'ami-1' }),
      aHit('win-b', { imageId: 'ami-1' }),
    ]);

    // Assess
    for (const each of merged) {
      expect(each.detail).toBe('Auto Scaling group win-a says {"imageId":"ami-1"}.');
      expect(each.affected.map(({ name }) => name).sort()).toEqual(['win-a', 'win-b', 'win-c']);
    }
  });

  it('leads with the worst story, then tells the others, the same in any order', () => {
    // Act: win-b's hit is more severe; of win-a's and win-c's, win-c's evidence says more.
    const merged = mergedInEveryOrder([
      aHit('win-a', { imageIds: ['ami-1'] }),
      aHit('win-b', { imageIds: ['ami-2'] }, { severity: 'CRITICAL' }),
      aHit('win-c', { imageIds: ['ami-3', 'ami-4'] }),
    ]);

    // Assess
    const [first] = merged;
    expect(first).toMatchObject({
      severity: 'CRITICAL',
      evidence: { imageIds: ['ami-2'] },
      detail:
        'Auto Scaling group win-b says {"imageIds":["ami-2"]}. Also: Auto Scaling group win-c says {"imageIds":["ami-3","ami-4"]}. Auto Scaling group win-a says {"imageIds":["ami-1"]}.',
    });
    for (const each of merged)
      expect({ ...each, affected: [] }).toEqual({ ...first, affected: [] });
  });

  it('names the source of a story whose sentence does not, and lists the sources in order', () => {
    // Prepare: sentences that name no source, as docker-runtime-unsupported's do.
    const hits = [
      aHit('win-b', { basis: 'default' }, { detail: 'The AMI defaults to Docker.' }),
      aHit(
        'win-a',
        { basis: 'argument', flags: ['docker'] },
        { detail: 'The call passes docker.' },
      ),
    ];

    // Act
    const merged = mergeHits(hits, 'CRITICAL');

    // Assess
    expect(merged.detail).toBe(
      'For Auto Scaling group win-a: The call passes docker. Also: For Auto Scaling group win-b: The AMI defaults to Docker.',
    );
    expect(merged.affected.map(({ name }) => name)).toEqual(['win-a', 'win-b']);
  });

  it("names a story's source though its name is a word of the sentence, and counts the others it is true of", () => {
    // Prepare: group docker's sentence says "docker"; win-b and win-c share a story.
    const hits = [
      aHit('docker', { runtime: ['docker'] }, { detail: 'The call passes docker.' }),
      aHit('win-b', { basis: 'default' }, { detail: 'The AMI defaults to Docker.' }),
      aHit('win-c', { basis: 'default' }, { detail: 'The AMI defaults to Docker.' }),
    ];

    // Act
    const merged = mergeHits(hits, 'CRITICAL');

    // Assess
    expect(merged.detail).toBe(
      'For Auto Scaling group docker: The call passes docker. Also: For Auto Scaling group win-b: The AMI defaults to Docker. (The same for 1 more node source.)',
    );
  });

  it('does not count again a source whose other story was told', () => {
    // Prepare: win-m (a mixed-instances group) tells the lead and an untold story too.
    const hits = [
      aHit('win-m', { flags: ['a', 'b', 'c', 'd', 'e'] }),
      ...Array.from({ length: MAX_OTHER_STORIES }, (_, index) =>
        aHit(`told-${index}`, { flags: ['a', 'b', 'c', String(index)] }),
      ),
      aHit('win-m', { flags: ['z'] }),
    ];

    // Act
    const merged = mergeHits(hits, 'HIGH');

    // Assess
    expect(merged.detail).not.toMatch(/\d+ more/);
  });

  it(`tells ${MAX_OTHER_STORIES} other stories at most, and counts the sources of the rest`, () => {
    // Prepare: one lead, MAX_OTHER_STORIES told, then two stories of three sources untold.
    const hits = [
      aHit('lead', { flags: ['a', 'b', 'c', 'd', 'e'] }),
      ...Array.from({ length: MAX_OTHER_STORIES }, (_, index) =>
        aHit(`told-${index}`, { flags: ['a', 'b', 'c', String(index)] }),
      ),
      aHit('untold-1', { flags: ['x'] }),
      aHit('untold-2', { flags: ['x'] }),
      aHit('untold-3', { flags: ['y'] }),
    ];

    // Act
    const merged = mergeHits(hits, 'HIGH');

    // Assess
    expect(merged.detail).toMatch(
      /^Auto Scaling group lead says .* Also: (Auto Scaling group told-\d says [^.]*\. ){3}3 more affected node sources differ in other ways\.$/,
    );
    expect(merged.detail).not.toContain('untold');
    expect(merged.affected).toHaveLength(hits.length);
  });
});
