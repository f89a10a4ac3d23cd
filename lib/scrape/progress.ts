/** A one-line progress bar on stderr: `[#####-----] 12/40 label`. */
export function progressBar(label: string, total: number): (done: number, note?: string) => void {
  const encoder = new TextEncoder();
  const tty = Deno.stderr.isTerminal();
  let lastPrinted = -1;
  return (done, note = "") => {
    const width = 24;
    const filled = total ? Math.round((done / total) * width) : width;
    const line = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}` +
      (note ? ` ${note.slice(0, 60)}` : "");
    if (tty) {
      Deno.stderr.writeSync(encoder.encode(`\r${line}\x1b[K${done >= total ? "\n" : ""}`));
    } else {
      // Not a terminal (CI, notebooks): a line per 10% and at the end.
      const step = Math.floor((done / Math.max(1, total)) * 10);
      if (step !== lastPrinted || done >= total) {
        lastPrinted = step;
        Deno.stderr.writeSync(encoder.encode(`${line}\n`));
      }
    }
  };
}
