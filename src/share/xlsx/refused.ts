/** An input aiecon-share will not convert, refused before anything is written (exit code 1, the message says why). */
export class RefusedInput extends Error {}
