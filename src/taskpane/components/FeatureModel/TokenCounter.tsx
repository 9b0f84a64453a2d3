// Pasted text → an estimated token count (the tokenizer chunk loads on first use), which the user
// can put into one of the token fields.
import { useState } from "react";
import { Button, Field, Select, Text, Textarea } from "@fluentui/react-components";
import { errorText } from "../../../calc/errors";
// Already in the functions bundle (TOKENCOUNT); the tokenizer's data itself loads on first count.
import { estimateTokens } from "../../../calc/tokenCount";
import { featureStrings as s } from "./featureStrings";
import type { CountTarget } from "./useFeatureModel";
import { useFeatureModelStyles } from "./useFeatureModelStyles";

export function TokenCounter({ onUse }: { onUse: (field: CountTarget, count: number) => void }) {
  const styles = useFeatureModelStyles();
  const [textValue, setText] = useState("");
  const [target, setTarget] = useState<CountTarget>("systemPromptTokens");
  const [count, setCount] = useState<number | "counting">();
  const [problem, setProblem] = useState<string>();
  const run = async () => {
    setCount("counting");
    setProblem(undefined);
    try {
      setCount(await estimateTokens(textValue));
    } catch (error) {
      setCount(undefined);
      setProblem(errorText(error));
    }
  };
  return (
    <details>
      <summary>{s.countHeading}</summary>
      <div className={styles.form}>
        <Field label={s.countText} validationMessage={problem} validationState={problem ? "error" : "none"}>
          <Textarea className={styles.fill} value={textValue} onChange={(_, d) => setText(d.value)} resize="vertical" />
        </Field>
        <Field label={s.countTarget}>
          <Select className={styles.fill} value={target} onChange={(_, d) => setTarget(d.value as CountTarget)}>
            <option value="systemPromptTokens">{s.systemPrompt}</option>
            <option value="contextTokens">{s.context}</option>
            <option value="queryTokens">{s.query}</option>
            <option value="responseTokens">{s.response}</option>
          </Select>
        </Field>
        <div className={styles.row}>
          <Button size="small" onClick={run} disabled={count === "counting"}>
            {count === "counting" ? s.counting : s.countButton}
          </Button>
          {typeof count === "number" && (
            <Button size="small" appearance="primary" onClick={() => onUse(target, count)}>
              {s.countUse}
            </Button>
          )}
        </div>
        {typeof count === "number" && <Text role="status">{s.counted(count.toLocaleString("en-US"))}</Text>}
      </div>
    </details>
  );
}
