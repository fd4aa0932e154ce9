/** A one-line progress bar on stderr; plain lines when stderr is not a terminal (CI logs). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let lastStep = '';
  let lastPct = -1;
  return (step: string, done: number, total: number) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      stream.write(
        `\r${step.padEnd(12)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`,
      );
      if (done >= total) stream.write('\n');
    } else if (step !== lastStep || (pct >= lastPct + 25 && pct !== lastPct) || done >= total) {
      if (step !== lastStep || done >= total || pct >= lastPct + 25)
        stream.write(`${step}: ${done}/${total}\n`);
      lastPct = pct;
    }
    if (step !== lastStep) lastPct = pct;
    lastStep = step;
  };
}
