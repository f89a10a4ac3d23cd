/** Public data types of the ingestion module. */

/** Kind of source a document came from. */
export type SourceType = "pdf" | "html" | "docx" | "txt" | "md" | "url" | "text";

/** A report turned into plain text. */
export interface IngestedDocument {
  /** File name, URL as requested, or "pasted text". */
  name: string;
  /** Format of the content; for URLs the type of the fetched content, with `url` set. */
  type: SourceType;
  /** Final URL after redirects, for documents fetched from the web. */
  url?: string;
  /** Best title: PDF metadata, og:title, <title>, first heading, or first line. */
  title: string;
  /** Plain text; paragraphs separated by blank lines, lines by "\n". */
  text: string;
  /** Hex SHA-256 of the input bytes (of the UTF-8 text for pasted text). */
  sha256: string;
  /** Size of the input in bytes. */
  bytes: number;
}

/** Limits shared by every way in. */
export interface IngestOptions {
  /** Largest accepted input in bytes; default 25 MiB. */
  maxBytes?: number;
}

/** Options for fetching a report from the web. */
export interface UrlOptions extends IngestOptions {
  /** Give up after this many milliseconds, download included; default 20000. */
  timeoutMs?: number;
  /** Allow loopback/private/link-local targets; default true only if TTP_ALLOW_PRIVATE_URLS=1. */
  allowPrivate?: boolean;
  /** Fetch implementation, injectable for tests. */
  fetch?: typeof fetch;
  /** Most redirects followed; default 5. */
  maxRedirects?: number;
  /** Host name resolver returning IP addresses, injectable for tests; default Deno.resolveDns. */
  lookup?: (hostname: string) => Promise<string[]>;
  /**
   * How the downloaded bytes are parsed; default in-process `ingestBytes`. A server passes its
   * time-limited worker, so a hostile page cannot freeze it (the download timeout ends at parse).
   */
  parse?: (
    bytes: Uint8Array,
    name: string,
    options: IngestOptions & { contentType?: string; typeHintName?: string },
  ) => Promise<IngestedDocument>;
}

/** Title and text pulled out of one document. */
export interface Extracted {
  title: string;
  text: string;
}
