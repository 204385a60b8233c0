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

describe('Reference data: KUBERNETES_VERSIONS read second-hand', () => {
  it('says where and when each such row was read', () => {
    // Act
    const unsourced = Object.entries(KUBERNETES_VERSIONS).filter(
      ([, entry]) =>
        entry.readFrom !== undefined &&
        (entry.readFrom.source.length < 20 || !ISO_DATE.test(entry.readFrom.on)),
    );

    // Assess
    expect(unsourced).toEqual([]);
  });

  it('counts standard support as 14 months from release and extended as 12 more, from 1.33 on', () => {
    // Act
    const offCalendar = Object.entries(KUBERNETES_VERSIONS)
      .filter(([version]) => Number(version.split('.')[1]) >= 33)
      .filter(([, entry]) => {
        const standard = new Date(`${entry.endOfStandardSupport}T00:00:00Z`);
        standard.setUTCMonth(standard.getUTCMonth() + 12);
        return standard.toISOString().slice(0, 10) !== entry.endOfExtendedSupport;
      });

    // Assess
    expect(offCalendar).toEqual([]);
  });
});
