import { useEffect, useState } from "react";

/* global Office, document */

/** True when Excel's Office theme has a dark body background, so the pane follows light and dark. */
function officeIsDark(): boolean {
  const theme = typeof Office !== "undefined" ? Office.context?.officeTheme : undefined;
  if (!theme?.bodyBackgroundColor) return false;
  const hex = theme.bodyBackgroundColor.replace("#", "");
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return 0.299 * r + 0.587 * g + 0.114 * b < 128;
}

export function useOfficeTheme(): boolean {
  const [dark, setDark] = useState(officeIsDark);
  useEffect(() => {
    const handler = () => setDark(officeIsDark());
    try {
      Office.context?.document?.addHandlerAsync?.(Office.EventType.OfficeThemeChanged as Office.EventType, handler);
    } catch {
      // Not every host raises theme events; the theme read at start stays.
    }
  }, []);
  return dark;
}

/**
 * Declares the page's colour scheme, so what the browser draws itself (native dropdown lists,
 * number spinners, scrollbars, autofill) follows Excel's theme as the Fluent controls do.
 */
export function useColorScheme(dark: boolean): void {
  useEffect(() => {
    document.documentElement.style.colorScheme = dark ? "dark" : "light";
  }, [dark]);
}
