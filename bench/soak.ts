import 'reflect-metadata';
import { seededApp } from './seeded-app';
import { load, machine, METRICS_TOKEN, run, table } from './support';

/**
 * Soak: mixed load (reads, bookings, enrollments, the no-op) for SOAK_SECONDS (default 600),
 * the app's memory sampled from its /metrics every SOAK_SAMPLE_SECONDS (default 10): the series
 * and its slope (least squares, after the first minute's warm-up).
 *   SOAK_SECONDS=600 npm run bench:soak -- [connections=8]
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const SAMPLE = Number(process.env.SOAK_SAMPLE_SECONDS ?? 10);
const CONNECTIONS = Number(process.argv[2] ?? 8);

const metric = (text: string, name: string) =>
  Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? NaN);

/** MB per minute, least squares. */
function slope(points: { t: number; mb: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const mm = points.reduce((a, p) => a + p.mb, 0) / n;
  const num = points.reduce((a, p) => a + (p.t - mt) * (p.mb - mm), 0);
  const den = points.reduce((a, p) => a + (p.t - mt) ** 2, 0);
  return (num / den) * 60;
}

async function main(): Promise<void> {
  const s = await seededApp();
  try {
    const samples: { t: number; rss: number; heap: number }[] = [];
    const t0 = Date.now();
    const sample = async () => {
      const text = await (
        await fetch(`${s.app.base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })
      ).text();
      const point = {
        t: (Date.now() - t0) / 1000,
        rss: metric(text, 'process_resident_memory_bytes') / 2 ** 20,
        heap: metric(text, 'nodejs_heap_size_used_bytes') / 2 ** 20,
      };
      samples.push(point);
      process.stderr.write(
        `${point.t.toFixed(0)} s: rss ${point.rss.toFixed(1)} MB, heap used ${point.heap.toFixed(1)} MB\n`,
      );
    };
    await sample();
    const timer = setInterval(() => void sample(), SAMPLE * 1000);
    const r = s.requests;
    const traffic = await load({
      base: s.app.base,
      token: s.token,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [r.listLessons, r.bookLesson, r.listTeachers, r.floor, r.enroll, r.listLessons],
    });
    clearInterval(timer);
    await sample();
    const steady = samples.filter((p) => p.t >= Math.min(60, SECONDS / 4));
    process.stdout.write(
      `\nSoak: ${SECONDS} s of mixed load, ${CONNECTIONS} connections, ${traffic.requests.toLocaleString('en-CA')} requests (${traffic.rps} req/s), p50 ${traffic.p50} ms, p99 ${traffic.p99} ms, statuses ${JSON.stringify(traffic.statuses)} (${machine()})\n\n`,
    );
    process.stdout.write(
      table(
        ['t (s)', 'rss MB', 'heap used MB'],
        samples.map((p) => [p.t.toFixed(0), p.rss.toFixed(1), p.heap.toFixed(1)]),
      ),
    );
    process.stdout.write(
      `\nslope after warm-up (t ≥ ${steady[0]?.t.toFixed(0)} s): rss ${slope(steady.map((p) => ({ t: p.t, mb: p.rss }))).toFixed(2)} MB/min, heap used ${slope(steady.map((p) => ({ t: p.t, mb: p.heap }))).toFixed(2)} MB/min\n`,
    );
  } finally {
    await s.dispose();
  }
}

run(main);
