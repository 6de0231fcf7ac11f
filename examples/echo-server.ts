/**
 * A TCP echo server on loopback: one multishot accept for all connections, and one multishot
 * recv per connection, into a buffer ring shared by all connections.
 *
 *   npx tsx examples/echo-server.ts [--port 7007] [--connections N]
 *
 * Runs until Ctrl-C, or until N connections were served.
 */
import { Ring } from '../index.js';

const AF_INET = 2;
const SOCK_STREAM = 1;

export async function serve(ring: Ring, port: number, connections = Infinity, onListening?: (port: number) => void): Promise<void> {
  const listener = await ring.socket(AF_INET, SOCK_STREAM);
  await ring.bind(listener, { host: '127.0.0.1', port }, { reuseAddress: true });
  await ring.listen(listener, 128);
  const bound = ring.localAddress(listener).port;
  console.log(`echo server listening on 127.0.0.1:${bound}`);
  onListening?.(bound);
  const buffers = ring.createBufferRing({ count: 64, size: 4096 });
  const sessions = new Set<Promise<void>>();
  let served = 0;
  for await (const fd of ring.acceptMultishot(listener)) {
    const session = (async () => {
      let bytes = 0;
      try {
        for await (const chunk of ring.recvMultishot(fd, { bufferRing: buffers })) {
          bytes += chunk.length;
          for (let sent = 0; sent < chunk.length; ) sent += await ring.send(fd, chunk.subarray(sent));
        }
      } catch (e) {
        console.error(`connection ${fd}: ${(e as Error).message}`);
      } finally {
        await ring.closeFd(fd);
        console.log(`connection ${fd} closed after echoing ${bytes} bytes`);
      }
    })();
    sessions.add(session);
    void session.then(() => sessions.delete(session));
    if (++served >= connections) break; // stops the multishot accept
  }
  await Promise.all(sessions);
  ring.freeBufferRing(buffers);
  await ring.closeFd(listener);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let port = 7007;
  let connections = Infinity;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') port = Number(args[++i]);
    else if (args[i] === '--connections') connections = Number(args[++i]);
  }
  const ring = await Ring.create();
  const stop = () => void ring.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  try {
    await serve(ring, port, connections);
  } finally {
    process.off('SIGINT', stop);
    await ring.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
