// The usage import's state and workbook calls: the CSV picked, its column mapping (the one remembered
// in the workbook when it fits the file, else asked for), and the write to AIECON_Usage. Usage files
// hold one row per month and feature (or per day), so they are read on this thread.
import { useState } from "react";
import { parseUsageCsv, usageHeader, type UsageMapping } from "../../../calc/actuals/usage";
import { errorText } from "../../../calc/errors";
import { readUsageSetup, saveUsageMapping, writeUsage } from "../../../workbook/usage";
import { actualsStrings as s } from "../../actualsStrings";

/** A mapping the import can run with: month, feature, a count, and only columns the file has. */
const complete = (m: Partial<UsageMapping>, header: readonly string[]): m is UsageMapping =>
  !!m.month && !!m.feature && !!(m.activeUsers || m.userActions) && Object.values(m).every((c) => !c || header.includes(c));

export function useUsageImport() {
  const [file, setFile] = useState<File | null>(null);
  const [header, setHeader] = useState<string[] | null>(null);
  const [mapping, setMapping] = useState<Partial<UsageMapping>>({});
  const [fileError, setFileError] = useState<string | undefined>();
  const [mappingError, setMappingError] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const chooseFile = (picked: File | null) => {
    setFile(picked);
    setHeader(null);
    setFileError(undefined);
    setDone(undefined);
  };

  const setMappingField = (field: keyof UsageMapping, column: string | undefined) => {
    setMappingError(undefined);
    setMapping((m) => ({ ...m, [field]: column }));
  };

  const runImport = async () => {
    if (!file) return;
    setBusy(true);
    setFileError(undefined);
    setMappingError(undefined);
    setDone(undefined);
    try {
      const text = await file.text();
      const columns = usageHeader(text);
      const setup = await readUsageSetup();
      let chosen: Partial<UsageMapping> = mapping;
      if (!header) chosen = setup.mapping && complete(setup.mapping, columns) ? setup.mapping : {};
      if (!complete(chosen, columns)) {
        setHeader(columns);
        setMapping(chosen);
        if (header) setMappingError(s.usageMappingIncomplete);
        return;
      }
      const written = await writeUsage(parseUsageCsv(text, chosen), setup);
      await saveUsageMapping(chosen);
      setDone(s.usageImported(written.added, written.removed, written.sheet));
      setHeader(null);
    } catch (error) {
      // The file's problem (a line and a column) belongs under the file it is about.
      setFileError(s.failed(errorText(error)));
    } finally {
      setBusy(false);
    }
  };

  return { file, chooseFile, header, mapping, setMappingField, mappingError, fileError, done, busy, runImport };
}
