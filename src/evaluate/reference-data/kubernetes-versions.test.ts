import { describe, expect, it } from 'vitest';
import { KUBELET_VERSION_SKEW, KUBERNETES_VERSIONS } from './kubernetes-versions.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

describe('Reference data: KUBERNETES_VERSIONS', () => {
  it('lists consecutive minor versions, oldest first', () => {
    // Prepare
    const minors = Object.keys(KUBERNETES_VERSIONS).map((version) => Number(version.split('.')[1]));

    // Act
    const steps = minors.slice(1).map((minor, index) => minor - (minors[index] ?? Number.NaN));

    // Assess
    expect(steps.every((step) => step === 1)).toBe(true);
  });

  it('has valid dates, extended support ending after standard support, in version order', () => {
    // Prepare
    const entries = Object.values(KUBERNETES_VERSIONS);

    // Act
    const invalid = entries.filter(
      (entry) =>
        !ISO_DATE.test(entry.endOfStandardSupport) ||
        !ISO_DATE.test(entry.endOfExtendedSupport) ||
        Number.isNaN(Date.parse(entry.endOfStandardSupport)) ||
        entry.endOfExtendedSupport <= entry.endOfStandardSupport,
    );
    const standardEnds = entries.map((entry) => entry.endOfStandardSupport);

    // Assess
    expect(invalid).toEqual([]);
    expect(standardEnds).toEqual([...standardEnds].sort());
  });

  it('widens the kubelet skew from 2 to 3 minor versions', () => {
    // Assess
    expect(KUBELET_VERSION_SKEW.minorsBehind).toBeGreaterThan(
      KUBELET_VERSION_SKEW.minorsBehindBefore,
    );
    expect(KUBERNETES_VERSIONS[KUBELET_VERSION_SKEW.widerSkewSince]).toBeDefined();
  });
});
