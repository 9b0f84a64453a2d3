export declare const SHARED_CONTENTS: readonly { readonly path: string; readonly what: string }[];
export declare function findSharedDir(env?: Record<string, string | undefined>): string;
export declare function missingShared(dir?: string): string | undefined;
