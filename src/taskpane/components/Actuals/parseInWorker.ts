// Parses a billing export in a Web Worker (actuals.worker.ts), off the pane's thread. The hook takes
// the parser as an argument, so its tests can parse on the test's thread with the same calc code.
// The worker itself is started by the view (Actuals.tsx): webpack finds a worker by
// `new Worker(new URL(…, import.meta.url))`, which jest's CommonJS cannot load.
import type { ActualsImport } from "../../../calc/actuals/types";
import type { WorkerReply, WorkerRequest } from "./actuals.worker";

/** One parse under way: its result, and how to stop it (a stopped parse never settles). */
export interface ParseRun {
  readonly result: Promise<ActualsImport>;
  cancel(): void;
}

export type ParseActualsFile = (request: WorkerRequest, onProgress: (fraction: number, rows: number) => void) => ParseRun;

/** A parser that runs each file in a fresh worker from `start`, and cancels by terminating it. */
export function parseInWorker(start: () => Worker): ParseActualsFile {
  return (request, onProgress) => {
    const worker = start();
    const result = new Promise<ActualsImport>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<WorkerReply>) => {
        const reply = event.data;
        if (reply.type === "progress") onProgress(reply.fraction, reply.rows);
        else if (reply.type === "done") resolve(reply.result);
        else reject(Object.assign(new Error(reply.message), { remedy: reply.remedy }));
      };
      worker.onerror = (event) => reject(new Error(event.message));
    });
    worker.postMessage(request);
    return { result, cancel: () => worker.terminate() };
  };
}
