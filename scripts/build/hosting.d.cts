import type { IncomingMessage, ServerResponse } from "node:http";
export declare function headersFor(relativePath: string): Record<string, string>;
export declare function distHandler(dir: string, basePath?: string): (req: IncomingMessage, res: ServerResponse) => void;
