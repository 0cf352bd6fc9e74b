import * as net from 'node:net';

/**
 * Ports for the apps tests run as child processes. Each test file takes its own block below the
 * kernel's ephemeral range (32768+): a port that one file's app frees while it is killed and
 * restarted can then never be handed to another file's app, nor to an outgoing connection.
 */
export const PORT_BLOCKS = {
  boot: 21_000,
  enrollmentCrash: 22_000,
  paymentsCrash: 23_000,
  severalInstances: 24_000,
  enrollmentCrashEsdb: 25_000,
  databaseCrash: 26_000,
  web: 27_000,
  multiEsdb: 29_000,
} as const;

const taken = new Set<number>();

/**
 * A port of the block (1,000 ports) free on 127.0.0.1 and not handed out before by this file,
 * searched from a random place in the block: runs of the same file side by side (two checkouts
 * on one machine) would otherwise both take the block's first port, and one would answer the
 * other's health checks while it is killed and restarted.
 */
export async function portFrom(block: keyof typeof PORT_BLOCKS): Promise<number> {
  const base = PORT_BLOCKS[block];
  const start = Math.floor(Math.random() * 1000);
  for (let k = 0; k < 1000; k++) {
    const port = base + ((start + k) % 1000);
    if (taken.has(port)) continue;
    if (await canListen(port)) {
      taken.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${base}–${base + 999}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
