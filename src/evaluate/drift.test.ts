import { describe, expect, it } from 'vitest';
import {
  aLaunchConfigurationSite,
  aLaunchTemplateSite,
  aMixedInstancesSource,
  anInstanceLaunchedFrom,
  aSelfManagedSource,
  OVERRIDE_TEMPLATE,
} from '../../test/builders/inventory.ts';
import type { RunningInstance } from '../inventory/types.ts';
import { launchSiteOf } from './drift.ts';

const BASE_TEMPLATE = 'lt-0123456789abcdef0';

describe('Function: launchSiteOf', () => {
  it('names the site of the template an instance of a mixed instances group was launched from', () => {
    // Prepare
    const source = aMixedInstancesSource();

    // Act
    const base = launchSiteOf(
      source,
      anInstanceLaunchedFrom('i-0a', { id: BASE_TEMPLATE, version: '1' }),
    );
    const override = launchSiteOf(
      source,
      anInstanceLaunchedFrom('i-0b', { id: OVERRIDE_TEMPLATE.id, version: '4' }),
    );

    // Assess
    expect(base).toBe(source.sites[0]);
    expect(override).toBe(source.sites[1]);
  });

  it("counts an instance launched from an older version of a template, or reported as $Latest, for that template's site", () => {
    // Prepare
    const source = aMixedInstancesSource();

    // Act
    const older = launchSiteOf(
      source,
      anInstanceLaunchedFrom('i-0b', { id: OVERRIDE_TEMPLATE.id, version: '3' }, 'ami-0older'),
    );
    const latest = launchSiteOf(
      source,
      anInstanceLaunchedFrom('i-0c', { id: OVERRIDE_TEMPLATE.id, version: '$Latest' }),
    );

    // Assess
    expect(older).toBe(source.sites[1]);
    expect(latest).toBe(source.sites[1]);
  });

  it('finds the template by name when no id is recorded', () => {
    // Prepare
    const source = aMixedInstancesSource();
    const instance: RunningInstance = {
      instanceId: 'i-0b',
      launchTemplate: { name: OVERRIDE_TEMPLATE.name, version: '4' },
    };

    // Act
    const site = launchSiteOf(source, instance);

    // Assess
    expect(site).toBe(source.sites[1]);
  });

  it('tells two versions of one template apart by the version the instance was launched from', () => {
    // Prepare
    const source = aSelfManagedSource({
      sites: [
        aLaunchTemplateSite({ launchTemplateVersion: '2' }),
        aLaunchTemplateSite({ launchTemplateVersion: '5' }),
      ],
    });

    // Act
    const site = launchSiteOf(
      source,
      anInstanceLaunchedFrom('i-0a', { id: BASE_TEMPLATE, version: '5' }),
    );

    // Assess
    expect(site).toBe(source.sites[1]);
  });

  it('reads no version match into a version that neither the instance nor a site records', () => {
    // Prepare: one site's version unresolved; the instance records none, and runs the other's AMI.
    const { launchTemplateVersion: _unresolved, ...unversioned } = aLaunchTemplateSite();
    const source = aSelfManagedSource({
      sites: [
        unversioned,
        aLaunchTemplateSite({ launchTemplateVersion: '5', imageId: 'ami-0five' }),
      ],
    });
    const instance: RunningInstance = {
      instanceId: 'i-0a',
      imageId: 'ami-0five',
      launchTemplate: { id: BASE_TEMPLATE },
    };

    // Act
    const site = launchSiteOf(source, instance);

    // Assess
    expect(site).toBe(source.sites[1]);
  });

  it("tells an override's AMI apart from the template's by the AMI the instance runs", () => {
    // Prepare
    const source = aSelfManagedSource({
      sites: [aLaunchTemplateSite(), aLaunchTemplateSite({ imageId: 'ami-0override' })],
    });

    // Act
    const site = launchSiteOf(
      source,
      anInstanceLaunchedFrom('i-0a', { id: BASE_TEMPLATE, version: '1' }, 'ami-0override'),
    );

    // Assess
    expect(site).toBe(source.sites[1]);
  });

  it('names the site of the launch configuration an instance was launched from', () => {
    // Prepare
    const source = aSelfManagedSource({
      sites: [aLaunchConfigurationSite(), aLaunchTemplateSite()],
    });

    // Act
    const site = launchSiteOf(source, { instanceId: 'i-0a', launchConfigurationName: 'win-lc' });

    // Assess
    expect(site).toBe(source.sites[0]);
  });

  it.each<[string, RunningInstance]>([
    ['nothing recorded of where it was launched from', { instanceId: 'i-0a' }],
    [
      'a template the group no longer names',
      anInstanceLaunchedFrom('i-0a', { id: 'lt-0gone', version: '1' }),
    ],
    [
      'a launch configuration the group no longer names',
      { instanceId: 'i-0a', launchConfigurationName: 'win-lc-2019' },
    ],
  ])('names no site for an instance with %s', (_case, instance) => {
    // Act
    const site = launchSiteOf(aMixedInstancesSource(), instance);

    // Assess
    expect(site).toBeUndefined();
  });

  it('names no site when several still fit: a version and AMI neither site has', () => {
    // Prepare
    const source = aSelfManagedSource({
      sites: [
        aLaunchTemplateSite({ launchTemplateVersion: '2' }),
        aLaunchTemplateSite({ launchTemplateVersion: '5' }),
      ],
    });

    // Act
    const site = launchSiteOf(
      source,
      anInstanceLaunchedFrom('i-0a', { id: BASE_TEMPLATE, version: '3' }, 'ami-0older'),
    );

    // Assess
    expect(site).toBeUndefined();
  });
});
