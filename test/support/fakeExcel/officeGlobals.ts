// Office and CustomFunctions as the browser hosts' pages need them beside the fake Excel: Office.onReady
// (answering on a later task, as Office does), the theme, and a CustomFunctions whose associate()
// reports each function to the host. Serialised into the pages, so it stays self-contained.

export interface OfficeGlobalsOptions {
  platform?: string;
  /** Office.context.officeTheme.bodyBackgroundColor; no officeTheme when omitted. */
  bodyBackgroundColor?: string;
  /** Office.context.requirements.isSetSupported answers true when set. */
  requirements?: boolean;
  /** Each function the functions script associates. */
  onAssociate?: (id: string, fn: unknown) => void;
}

export function installOfficeGlobals(options: OfficeGlobalsOptions = {}): void {
  const w = window as any;
  const context: Record<string, unknown> = { document: {} };
  if (options.bodyBackgroundColor) context.officeTheme = { bodyBackgroundColor: options.bodyBackgroundColor };
  if (options.requirements) context.requirements = { isSetSupported: () => true };
  w.Office = {
    onReady: (cb?: (info: unknown) => void) => {
      const info = { host: "Excel", platform: options.platform ?? "PC" };
      return new Promise((resolve) =>
        setTimeout(() => {
          if (cb) cb(info);
          resolve(info);
        }, 0),
      );
    },
    context,
    EventType: { OfficeThemeChanged: "officeThemeChanged" },
    HostType: { Excel: "Excel" },
  };
  function CFError(code: string, message?: string) {
    return Object.assign(new Error(message), { code });
  }
  w.CustomFunctions = {
    Error: CFError,
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!" },
    associate: (id: string | Record<string, unknown>, fn?: unknown) => {
      if (typeof id === "string") options.onAssociate?.(id, fn);
      else for (const k of Object.keys(id)) options.onAssociate?.(k, id[k]);
    },
  };
}
