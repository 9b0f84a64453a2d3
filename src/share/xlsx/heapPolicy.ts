// aiecon-share allocates far faster than V8 collects. Left to its own pacing, V8 lets the old
// generation grow to several times what is live before a full collection: planning a dense 50 MB
// workbook peaked at 1.3 GB with under 500 MB live, and writing it grew the heap 150 MB more with
// nothing live added. The CLI (a batch run, nothing else in the process) collects when the
// JavaScript heap has grown by half since the last collection, checked at each progress step of the
// conversion (each percent of scanning and writing, each few thousand formulas planned). The typed
// arrays beside the heap are not counted: they are mostly what lives longest (the file, the formula
// index, the kept cells), and counting them let a dense 50 MB conversion's heap grow by over 200 MB of
// garbage while writing before the policy fired. Where a new stage begins (patching, writing), the
// stage before leaves its own data, and what the next one makes would pile on it: there 64 MB of
// growth is enough, and a conversion holding over 256 MB collects in any case (a dense 50 MB one
// peaked at 687 to 747 MB without, 650 with the first rule alone, writing the formula index's
// 130 MB of typed arrays still unfreed).
import { getHeapStatistics, setFlagsFromString } from "v8";
import { runInNewContext } from "vm";

/**
 * What the JavaScript heap holds (the typed arrays' memory beside it aside): process.memoryUsage()'s
 * heapUsed, without the resident size it reads from the system as well (about 90 µs a call on a
 * dense conversion, asked at every progress step: 20 ms of a 5 MB one).
 */
export function heapInUse(): number {
  return getHeapStatistics().used_heap_size;
}

/**
 * A full collection, or undefined where the engine gives none. Node hands `gc` out only under
 * --expose-gc, which a bin's shebang cannot pass portably; the flag set at run time takes effect
 * for a context made after it (jest's leak detector gets it the same way).
 */
export function fullCollection(): (() => void) | undefined {
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === "function") return own as () => void;
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** The JavaScript heap and the typed arrays beside it together. */
export function memoryHeld(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Collects when what is in use has grown `factor` times since the last collection (and by `minStep` bytes at least). */
export class HeapPolicy {
  private after = 0;
  /** Full collections made so far. */
  collections = 0;

  constructor(
    private readonly collect: () => void,
    private readonly inUse: () => number = heapInUse,
    private readonly factor = 1.5,
    private readonly minStep = 64 * 1024 * 1024,
    private readonly held: () => number = memoryHeld,
    private readonly large = 256 * 1024 * 1024,
  ) {}

  /**
   * Called at each step: collects when the heap has grown enough since the last collection. At a
   * `boundary` (a new stage) the stage before lets go of its own data (the scan's grown arrays,
   * planning's kept cells, the formula index once patching has read it), which the heap's growth
   * does not show: there, growth by `minStep` is enough, and a conversion holding more than `large`
   * (heap and typed arrays) collects in any case.
   */
  check(boundary = false): void {
    const grown = boundary ? this.after + this.minStep : Math.max(this.after * this.factor, this.after + this.minStep);
    if (this.inUse() <= grown && !(boundary && this.held() > this.large)) return;
    this.collect();
    this.collections++;
    this.after = this.inUse();
  }
}

/** A progress line's stage without its count ("scanning Usage 40%" → "scanning Usage"): a new one is a boundary for HeapPolicy.check. */
export const stageOf = (line: string): string => line.replace(/ [\d,.]+( MB|%| formulas)?$/, "");
