/**
 * A TCP echo server on loopback: one multishot accept for all connections, and one multishot
 * recv per connection, into a buffer ring shared by all connections.
 *
 *   npx tsx examples/echo-server.ts [--port 7007] [--connections N]
 *
 * Runs until Ctrl-C, or until N connections were served. A port already in use is reported in
 * one line, with exit code 1.
 */
import { AF_INET, Ring, SOCK_STREAM, UringError } from '../index.js';
import { intOption, parseExampleArgs, usageError } from './args.js';

const USAGE = 'npx tsx examples/echo-server.ts [--port N] [--connections N]';

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
  const args = parseExampleArgs('echo-server', USAGE, { string: ['port', 'connections'] });
  const port = intOption('echo-server', USAGE, args, 'port', 0, 65535, 7007);
  const connections = intOption('echo-server', USAGE, args, 'connections', 1, Number.MAX_SAFE_INTEGER, Infinity);
  if (args.positionals.length) usageError('echo-server', USAGE, `unexpected argument ${args.positionals[0]}`);
  const ring = await Ring.create();
  const stop = () => void ring.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  try {
    await serve(ring, port, connections);
  } catch (e) {
    if (e instanceof UringError && e.code === 'EADDRINUSE') {
      console.error(`echo-server: port ${port} on 127.0.0.1 is already in use (EADDRINUSE): stop what listens there, or choose another port with --port N`);
    } else {
      console.error(`echo-server: ${e instanceof UringError ? `${e.code}: ${e.message}` : (e as Error).message}`);
    }
    process.exitCode = 1;
  } finally {
    process.off('SIGINT', stop);
    await ring.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
