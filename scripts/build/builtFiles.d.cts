export declare const HASHED: RegExp;
export declare function builtScript(dir: string, name: string): string;
/** Whether `file` (a file name, path or URL) is chunk `name`'s script: "name.js" or "name.<hash>.js". */
export declare function isBuiltScript(file: string, name: string): boolean;
