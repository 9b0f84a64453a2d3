// The frame of "Update from a price file…": its button, the hidden file picker and the hint. It
// ships with the pane, while the file reader (UpdateFromPriceFile) loads on its own; until then the
// same frame stands in with the button disabled, so the price list below never jumps under the
// user's pointer when the reader arrives.
import { useRef, type ReactNode } from "react";
import { Button, Text, makeStyles, tokens } from "@fluentui/react-components";
import { strings } from "../../strings";

export const usePriceFileStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  // The native picker stays out of sight; the button opens it and names it for screen readers.
  file: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" },
  muted: { color: tokens.colorNeutralForeground3 },
});

export interface PriceFileSectionProps {
  /** Called with the file the user picked; absent while the reader is still loading. */
  readonly onFile?: (file: File) => void;
  readonly busy?: boolean;
  readonly children?: ReactNode;
}

export function PriceFileSection({ onFile, busy = false, children }: PriceFileSectionProps) {
  const styles = usePriceFileStyles();
  const input = useRef<HTMLInputElement>(null);
  return (
    <section className={styles.root} aria-label={strings.priceFileHeading}>
      <div>
        <Button onClick={() => input.current?.click()} disabled={busy || !onFile}>
          {strings.priceFileButton}
        </Button>
        {onFile && (
          <input
            ref={input}
            className={styles.file}
            type="file"
            accept=".json,application/json"
            aria-label={strings.priceFileInput}
            tabIndex={-1}
            onChange={(e) => {
              const file = e.target.files?.[0];
              // Cleared at once so that picking the same file again (after editing it) reads it again.
              e.target.value = "";
              if (file) onFile(file);
            }}
          />
        )}
        <Text as="p" size={200} className={styles.muted}>
          {strings.priceFileHint}
        </Text>
      </div>
      {children}
    </section>
  );
}
