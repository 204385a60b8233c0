import { describe, expect, it } from 'vitest';
import {
  containerRuntimeOf,
  windowsReleasesOf,
  windowsSitesOf,
  windowsSourcesOf,
} from '../../../src/evaluate/facts.ts';
import {
  aLaunchTemplateSite,
  aLinuxImage,
  anInventory,
  aSelfManagedSource,
  imagesOf,
} from '../../builders/inventory.ts';

// The facts of a source or site are derived once and shared by every rule, by an upgrade's
// projected inventory (a copy holding the same sources) and by a rule re-run per cluster;
// an inventory with other images or instances derives them anew.
describe('Derived facts of node sources and sites', () => {
  it('gives a copy of the inventory with the same sources the same Windows releases', () => {
    // Prepare
    const source = aSelfManagedSource({ instanceIds: ['i-1', 'i-2'] });
    const inventory = anInventory({
      nodeSources: [source],
      instanceOs: { 'i-1': { instanceId: 'i-1', platformVersion: '10.0.17763' } },
    });
    const copy = { ...inventory, clusters: [] };
    const [site] = source.sites;
    if (site === undefined) throw new Error('the source has a site');

    // Act
    const releases = windowsReleasesOf(inventory, source, site);
    const again = windowsReleasesOf(copy, source, site);

    // Assess
    expect(again).toBe(releases);
    expect(releases.map((release) => release.release.release)).toEqual(['2022', '2019']);
  });

  it('judges the releases anew for an inventory whose nodes report other builds', () => {
    // Prepare
    const source = aSelfManagedSource({ instanceIds: ['i-1'] });
    const inventory = anInventory({ nodeSources: [source], instanceOs: {} });
    const [site] = source.sites;
    if (site === undefined) throw new Error('the source has a site');
    const before = windowsReleasesOf(inventory, source, site);

    // Act
    const after = windowsReleasesOf(
      { ...inventory, instanceOs: { 'i-1': { instanceId: 'i-1', platformVersion: '10.0.17763' } } },
      source,
      site,
    );

    // Assess
    expect(before.map((release) => release.release.basis)).toEqual(['amiName']);
    expect(after.map((release) => release.release)).toEqual([
      { release: '2019', edition: 'Core', basis: 'ssm' },
    ]);
  });

  it('classifies a source anew for an inventory whose images say otherwise', () => {
    // Prepare
    // Without a bootstrap call in its user data, only its AMI says it is Windows.
    const source = aSelfManagedSource({
      sites: [aLaunchTemplateSite({ userData: { status: 'absent' } })],
    });
    const windows = anInventory({ nodeSources: [source] });
    const imageId = source.sites[0]?.imageId ?? '';
    const linux = { ...windows, images: imagesOf(aLinuxImage({ imageId })) };

    // Act
    const asWindows = windowsSourcesOf(windows);
    const asLinux = windowsSourcesOf(linux);

    // Assess
    expect(asWindows).toEqual([source]);
    expect(asLinux).toEqual([]);
  });

  it('gives the same container runtime to the same site of a copy of the inventory', () => {
    // Prepare
    const inventory = anInventory();
    const [windowsSite] = windowsSitesOf(inventory);
    if (windowsSite === undefined) throw new Error('the inventory has a Windows site');
    const [projectedSite] = windowsSitesOf({ ...inventory });
    if (projectedSite === undefined) throw new Error('the copy has a Windows site');

    // Act
    const runtime = containerRuntimeOf(inventory, windowsSite);
    const again = containerRuntimeOf({ ...inventory }, projectedSite);

    // Assess
    expect(runtime).toBeDefined();
    expect(again).toBe(runtime);
  });
});
