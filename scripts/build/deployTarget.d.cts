export declare const DEV_ORIGIN: string;
export declare const EXAMPLE_BASE: string;
export declare class DeployConfigError extends Error {}
export declare function parseBaseUrl(raw: string | undefined): string;
export declare function manifestVersion(packageVersion: string): string;
export declare function rewriteManifest(xml: string, target: { baseUrl: string; version: string }): string;
export declare function deployTarget(options: { deploy: boolean; baseUrl: string | undefined; packageVersion: string }): {
  production: boolean;
  baseUrl: string;
  version: string | undefined;
};
