/** A sentence (or sentence-like unit: bullet, table row, heading) with offsets into the source text. */
export interface Sentence {
  /** Exactly `source.slice(start, end)`; never starts or ends with whitespace. */
  text: string;
  start: number;
  end: number;
}

/** Options for {@link splitSentences}. */
export interface SplitOptions {
  /** Units longer than this are split at `;`, `,` or whitespace near the limit (default 600). */
  maxLength?: number;
  /** Units shorter than this, or without any letter, are dropped (default 3). */
  minLength?: number;
}

/** A half-open character range `[start, end)` into the source text. */
export interface Range {
  start: number;
  end: number;
}
