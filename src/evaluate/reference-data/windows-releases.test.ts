import { describe, expect, it } from 'vitest';
import { WINDOWS_RELEASES } from './windows-releases.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

describe('Reference data: WINDOWS_RELEASES', () => {
  it('has valid calendar dates only', () => {
    // Prepare
    const dates = Object.values(WINDOWS_RELEASES).flatMap((release) =>
      [
        release.eksRelease,
        release.eksEndOfSupport,
        release.mainstreamEnd,
        release.extendedEnd,
      ].filter((date): date is string => date !== undefined),
    );

    // Act
    const invalid = dates.filter((date) => !ISO_DATE.test(date) || Number.isNaN(Date.parse(date)));

    // Assess
    expect(invalid).toEqual([]);
  });

  it('gives every release an end of support date from EKS or Microsoft', () => {
    // Act
    const withoutEnd = Object.entries(WINDOWS_RELEASES)
      .filter(
        ([, release]) => release.eksEndOfSupport === undefined && release.extendedEnd === undefined,
      )
      .map(([name]) => name);

    // Assess
    expect(withoutEnd).toEqual([]);
  });

  it('ends mainstream support before extended support', () => {
    // Act
    const inverted = Object.entries(WINDOWS_RELEASES)
      .filter(
        ([, release]) =>
          release.mainstreamEnd !== undefined &&
          release.extendedEnd !== undefined &&
          release.mainstreamEnd >= release.extendedEnd,
      )
      .map(([name]) => name);

    // Assess
    expect(inverted).toEqual([]);
  });

  it('gives every release its own Windows build number', () => {
    // Act
    const builds = Object.values(WINDOWS_RELEASES).map((release) => release.build);

    // Assess
    expect(builds.every((build) => /^\d{5}$/.test(build))).toBe(true);
    expect(new Set(builds).size).toBe(builds.length);
    expect(WINDOWS_RELEASES['2019']?.build).toBe('17763');
    expect(WINDOWS_RELEASES['2022']?.build).toBe('20348');
    expect(WINDOWS_RELEASES['2025']?.build).toBe('26100');
  });
});
