/**
 * A TCP echo client: connects through the ring, sends each message, and reads the echo back with a
 * multishot recv.
 *
 *   npx tsx examples/echo-client.ts [--port 7007] [MESSAGE...]
 *
 * With --serve, it starts the echo server in the same process first (one command for the demo):
 *
 *   npx tsx examples/echo-client.ts --serve hello io_uring
 */
import { AF_INET, Ring, SHUT_WR, SOCK_STREAM, UringError } from '../index.js';
import { intOption, parseExampleArgs } from './args.js';
import { serve } from './echo-server.js';

const USAGE = 'npx tsx examples/echo-client.ts [--port N] [--serve] [MESSAGE...]';

export async function echo(ring: Ring, port: number, messages: string[]): Promise<string> {
  const fd = await ring.socket(AF_INET, SOCK_STREAM);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await ring.connect(fd, { host: '127.0.0.1', port });
        break;
      } catch (e) {
        // The server may still be starting.
        if (!(e instanceof UringError && e.code === 'ECONNREFUSED') || attempt >= 50) throw e;
        await ring.timeout(100);
      }
    }
    const received = (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of ring.recvMultishot(fd, { count: 4, size: 1024 })) chunks.push(chunk);
      return Buffer.concat(chunks).toString();
    })();
    for (const m of messages) {
      const data = Buffer.from(m + '\n');
      for (let sent = 0; sent < data.length; ) sent += await ring.send(fd, data.subarray(sent));
    }
    await ring.shutdown(fd, SHUT_WR); // the server sees the end, echoes the rest and closes
    return await received;
  } finally {
    await ring.closeFd(fd);
  }
}

async function main(): Promise<void> {
  const args = parseExampleArgs('echo-client', USAGE, { string: ['port'], boolean: ['serve'] });
  let port = intOption('echo-client', USAGE, args, 'port', 1, 65535, 7007);
  const serveToo = args.values.serve === true;
  const messages = args.positionals;
  if (messages.length === 0) messages.push('hello, io_uring');
  const ring = await Ring.create();
  try {
    let server: Promise<void> | null = null;
    if (serveToo) {
      let listening!: (p: number) => void;
      const ready = new Promise<number>((r) => (listening = r));
      server = serve(ring, 0, 1, listening);
      port = await ready;
    }
    const reply = await echo(ring, port, messages);
    process.stdout.write(`echoed back:\n${reply}`);
    await server;
  } catch (e) {
    console.error(`echo-client: ${(e as Error).message}`);
    process.exitCode = 1;
  } finally {
    await ring.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
