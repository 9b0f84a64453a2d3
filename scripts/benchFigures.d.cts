export declare const FIGURES_DIR: string;
export declare function recordFigure(name: string, text: string, dir?: string): void;
export declare function blockNames(readme: string): string[];
export declare function updateBlocks(readme: string, figures: Readonly<Record<string, string>>): string;
export declare function readFigures(dir?: string): Record<string, string>;
