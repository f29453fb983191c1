/** How the figures are made, for the top of docs/BENCHMARKS.md. */
export const METHOD = `Run \`npm run bench\` (add \`BENCH_WRITE=1\` to rewrite this file; \`BENCH_PHONES\`,
\`BENCH_HZ\`, \`BENCH_SECONDS\`, \`BENCH_WARMUP\`, \`BENCH_REPEATS\` and
\`BENCH_IDLE_PHONES\` change the sizes).

- **Relay.** Each run starts a fresh relay process and, in a second process, a
  load generator: N real WebSocket phones that say \`connect\`, send
  \`update\`s at R Hz spread over the period, and say \`delete\` at the end;
  and one installation. Phones and installation share one clock; each update
  carries its number in \`x\` and \`y\`, so the installation knows exactly
  which send it received and when. The relay's CPU seconds and memory are read
  from \`/proc\` (the kernel's count, not an estimate). Latency is phone send →
  installation receive. Phones play a warm-up before the measured seconds, and
  the warm-up's latency is reported in a column of its own: it is the relay's
  cold start.
- **Baseline.** The tutorial's relay (every message broadcast to every other
  client, phones included) runs in the same sweep at the same N and R, its runs
  interleaved with Crowdstick's, so a noisy machine hurts both alike. It is
  only run up to 200 phones: past that it falls minutes behind.
- **Medians.** Every figure is the median over repeats; comparisons are ratios
  measured side by side in the same run, because these machines are shared.
- **Page.** Debian's Chromium, phone-sized, with the DevTools protocol's CPU
  throttling, a thumb circling the stick at 120 input events a second. Times
  come from the page's own event timestamps and socket sends, and from the
  installation's clock on the same machine; React commits are counted through
  React's DevTools hook. The drag starts once the loaded page has gone a second
  without a commit, so none of the load's own commits is counted in the drag.`;
