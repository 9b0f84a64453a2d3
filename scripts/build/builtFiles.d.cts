export declare const HASHED: RegExp;
export declare function builtScript(dir: string, name: string): string;
