import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadConfig } from '../../../src/lambda/config.ts';

describe('Function: loadConfig', () => {
  it('scans the function region when SCAN_REGIONS is unset', () => {
    expect(loadConfig({ AWS_REGION: 'eu-west-1' })).toEqual({ regions: ['eu-west-1'] });
  });

  it('reads a comma-separated SCAN_REGIONS, ignoring blanks', () => {
    const config = loadConfig({ AWS_REGION: 'eu-west-1', SCAN_REGIONS: 'us-east-1, us-west-2,' });
    expect(config.regions).toEqual(['us-east-1', 'us-west-2']);
  });

  it('names SCAN_REGIONS and the bad value when a region is malformed', () => {
    const act = () => loadConfig({ AWS_REGION: 'eu-west-1', SCAN_REGIONS: 'us-east-1,mars' });
    expect(act).toThrow(ConfigurationError);
    expect(act).toThrow(/^SCAN_REGIONS: "mars"/);
  });

  it('fails when no region can be found at all', () => {
    expect(() => loadConfig({})).toThrow(/SCAN_REGIONS.*AWS_REGION/);
  });
});
