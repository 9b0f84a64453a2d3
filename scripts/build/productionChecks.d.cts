export declare function checkProductionDist(dir: string, target: { baseUrl: string; version: string }): string[];
export declare function helpSectionIds(html: string): Set<string>;
export declare function pngSize(bytes: Buffer): { width: number; height: number } | undefined;
