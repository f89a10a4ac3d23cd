/** Log a progress line to stderr (stdout stays for results). */
export function progress(message: string): void {
  console.error(message);
}
