// esbuild inlines the JSON when bundling, so the version is right in the Lambda bundle too.
import packageJson from '../../package.json' with { type: 'json' };

export const SCANNER_NAME = 'eks-windows-scanner';
export const SCANNER_VERSION: string = packageJson.version;
