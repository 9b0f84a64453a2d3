// A form over a draft of text fields, as the price editor and the tier form use it: each field's
// problem shows beside it and clears as the user types there; the save decides what is valid, and
// returns the problems to show (nothing is written until there are none).
import { useState, type FormEvent, type ReactElement } from "react";
import { Field, Input } from "@fluentui/react-components";

export type DraftFieldErrors<D> = Partial<Record<keyof D, string>>;
type InputMode = "decimal" | "text" | "numeric";

export function useDraftForm<D extends { [K in keyof D]: string }>(
  initial: D,
  onSave: (draft: D) => Promise<DraftFieldErrors<D> | undefined>,
  inputClassName: string,
): {
  field: (name: keyof D & string, label: string, hint?: string, inputMode?: InputMode) => ReactElement;
  submit: (event: FormEvent) => Promise<void>;
} {
  const [draft, setDraft] = useState<D>(initial);
  const [errors, setErrors] = useState<DraftFieldErrors<D>>({});

  const field = (name: keyof D & string, label: string, hint?: string, inputMode: InputMode = "decimal") => (
    <Field
      label={label}
      hint={errors[name] ? undefined : hint}
      validationState={errors[name] ? "error" : "none"}
      validationMessage={errors[name]}
    >
      <Input
        className={inputClassName}
        name={name}
        value={draft[name]}
        inputMode={inputMode}
        onChange={(_, data) => {
          setDraft((d) => ({ ...d, [name]: data.value }));
          if (errors[name]) setErrors((e) => ({ ...e, [name]: undefined }));
        }}
      />
    </Field>
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors((await onSave(draft)) ?? {});
  };

  return { field, submit };
}
