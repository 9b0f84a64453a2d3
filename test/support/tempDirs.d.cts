export declare function tempDir(what: string): string;
export declare function removeTempDirs(): void;
