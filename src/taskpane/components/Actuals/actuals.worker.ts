// Parses a billing export off the pane's thread, so a 1,000,000-row FOCUS file never freezes the
// pane. Posts progress per chunk and the aggregated rows at the end; the pane cancels by
// terminating the worker.
import { importActualsFile } from "../../../calc/actuals/importFile";
import { ActualsFileError, type ActualsImport, type ImportOptions } from "../../../calc/actuals/types";
import { errorText } from "../../../calc/errors";

export type WorkerRequest = { file: Blob; options: ImportOptions };
export type WorkerReply =
  | { type: "progress"; fraction: number; rows: number }
  | { type: "done"; result: ActualsImport }
  | { type: "error"; message: string; remedy?: ActualsFileError["remedy"] };

const post = (reply: WorkerReply) => (self as unknown as Worker).postMessage(reply);

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const { file, options } = event.data;
  try {
    const result = await importActualsFile(file, options, { onProgress: (fraction, rows) => post({ type: "progress", fraction, rows }) });
    post({ type: "done", result });
  } catch (error) {
    const message = errorText(error);
    post({ type: "error", message, remedy: error instanceof ActualsFileError ? error.remedy : undefined });
  }
};
