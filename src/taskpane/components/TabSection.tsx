// Each tab's content opens the same way: a section that its heading names for screen readers.
import { useId, type ReactNode } from "react";
import { Text } from "@fluentui/react-components";

export interface TabSectionProps {
  readonly heading: string;
  /** The section's own layout (each tab spaces its content differently). */
  readonly className: string;
  readonly children: ReactNode;
}

export function TabSection({ heading, className, children }: TabSectionProps) {
  const headingId = useId();
  return (
    <section className={className} aria-labelledby={headingId}>
      <Text as="h2" id={headingId} size={400} weight="semibold">
        {heading}
      </Text>
      {children}
    </section>
  );
}
