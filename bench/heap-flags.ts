/**
 * The V8 heap flags a function of template.yaml is deployed with (its NODE_OPTIONS): a
 * benchmark's child process gets them, so that its peak RSS is what the function's would be.
 */
import { readTemplate } from '../scripts/build.ts';

export async function deployedHeapFlags(functionId: string): Promise<string[]> {
  const template = await readTemplate();
  const resource = (template.Resources as Record<string, { Properties?: Record<string, unknown> }>)[
    functionId
  ];
  const environment = resource?.Properties?.Environment as
    | { Variables?: Record<string, unknown> }
    | undefined;
  const options = environment?.Variables?.NODE_OPTIONS;
  return typeof options === 'string'
    ? options.split(/\s+/).filter((flag) => /^--max-(old|semi)-space-size=\d+$/.test(flag))
    : [];
}
