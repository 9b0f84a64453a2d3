export declare const HELP_FILE: string;
export declare function sectionId(functionId: string): string;
export declare function helpUrlOf(baseUrl: string, functionId: string): string;
export declare function jsdocExtras(sourceFiles: string[]): Record<string, { remarks: string; returns: string }>;
export declare function renderHelpPage(functions: unknown[], extras?: Record<string, { remarks: string; returns: string }>): string;
export declare class HelpPagePlugin {
  constructor(options: { baseUrl: string; sources: string[]; metadataFile?: string });
}
