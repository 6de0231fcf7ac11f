// The Ring's socket operations over loopback: socket, bind, listen, connect, accept, send/recv,
// sendmsg/recvmsg, shutdown, and the multishot accept and recv (with a buffer ring) as async iterators.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Ring, UringError } from '../index.js';

const AF_INET = 2;
const AF_INET6 = 10;
const SOCK_STREAM = 1;
const SHUT_WR = 1;

let ring: Ring;
beforeAll(async () => {
  ring = await Ring.create({ entries: 64 });
});
afterAll(async () => {
  await ring.close();
});

async function listener(host = '127.0.0.1'): Promise<{ fd: number; port: number }> {
  const fd = await ring.socket(host.includes(':') ? AF_INET6 : AF_INET, SOCK_STREAM);
  await ring.bind(fd, { host, port: 0 }, { reuseAddress: true });
  await ring.listen(fd, 64);
  return { fd, port: ring.localAddress(fd).port };
}

function nodeClient(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, host, () => resolve(s));
    s.on('error', reject);
  });
}

function readAll(s: Socket): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    s.on('data', (d) => (got += d));
    s.on('end', () => resolve(got));
  });
}

test('socket, bind, listen, accept, recv, send, shutdown: an echo of one connection', async () => {
  const { fd, port } = await listener();
  expect(port).toBeGreaterThan(0);
  const accepted = ring.accept(fd);
  const client = await nodeClient(port);
  const cfd = await accepted;
  const reply = readAll(client);
  client.write('ping');
  const buf = Buffer.alloc(64);
  const n = await ring.recv(cfd, buf);
  expect(buf.subarray(0, n).toString()).toBe('ping');
  expect(await ring.send(cfd, Buffer.from('pong'))).toBe(4);
  await ring.shutdown(cfd, SHUT_WR);
  expect(await reply).toBe('pong');
  client.end();
  // The peer closed: recv gives 0.
  expect(await ring.recv(cfd, buf)).toBe(0);
  await ring.closeFd(cfd);
  await ring.closeFd(fd);
});

test('connect from the ring to a ring listener, then sendmsg and recvmsg with several buffers, over IPv6', async () => {
  const { fd, port } = await listener('::1');
  const accepted = ring.accept(fd);
  const c = await ring.socket(AF_INET6, SOCK_STREAM);
  await ring.connect(c, { host: '::1', port });
  const s = await accepted;
  expect(await ring.sendmsg(c, [Buffer.from('multi'), Buffer.from('-part')])).toBe(10);
  const a = Buffer.alloc(3);
  const b = Buffer.alloc(7);
  let got = 0;
  while (got < 10) got += await ring.recvmsg(s, got === 0 ? [a, b] : [b.subarray(got - 3)]);
  expect(a.toString() + b.toString()).toBe('multi-part');
  for (const f of [c, s, fd]) await ring.closeFd(f);
});

test('connect to a closed port rejects with ECONNREFUSED', async () => {
  const { fd, port } = await listener();
  await ring.closeFd(fd);
  const c = await ring.socket(AF_INET, SOCK_STREAM);
  const err = await ring.connect(c, { host: '127.0.0.1', port }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UringError);
  expect((err as UringError).code).toBe('ECONNREFUSED');
  await ring.closeFd(c);
});

test('multishot accept and multishot recv with a buffer ring: an echo server for several clients', async () => {
  const { fd, port } = await listener();
  const served: Promise<void>[] = [];
  const acceptLoop = (async () => {
    let n = 0;
    for await (const cfd of ring.acceptMultishot(fd)) {
      served.push((async () => {
        for await (const chunk of ring.recvMultishot(cfd, { count: 8, size: 64 })) {
          await ring.send(cfd, chunk);
        }
        await ring.closeFd(cfd);
      })());
      if (++n === 3) break; // leaving the loop cancels the multishot accept
    }
    return n;
  })();
  // Three clients, each sending more than one buffer's worth, in pieces.
  const replies = await Promise.all([0, 1, 2].map(async (i) => {
    const s = await nodeClient(port);
    const reply = readAll(s);
    const text = `client ${i}: ` + 'x'.repeat(200 + i);
    s.write(text.slice(0, 50));
    await new Promise((r) => setTimeout(r, 5));
    s.end(text.slice(50));
    return { text, reply: await reply };
  }));
  for (const { text, reply } of replies) expect(reply).toBe(text);
  expect(await acceptLoop).toBe(3);
  await Promise.all(served);
  await ring.closeFd(fd);
  // The cancelled accept and the ended recvs are all gone.
  for (let i = 0; i < 10 && ring.pending > 0; i++) await ring.nop();
  expect(ring.pending).toBe(0);
});

test('a shared buffer ring: buffers smaller than the data, fewer than the chunks in flight (ENOBUFS re-arms)', async () => {
  const { fd, port } = await listener();
  const accepted = ring.accept(fd);
  const client = await nodeClient(port);
  const cfd = await accepted;
  const br = ring.createBufferRing({ count: 2, size: 16 });
  const payload = Buffer.alloc(4096);
  for (let i = 0; i < payload.length; i++) payload[i] = i & 0xff;
  client.end(payload);
  const parts: Buffer[] = [];
  for await (const chunk of ring.recvMultishot(cfd, { bufferRing: br })) {
    expect(chunk.length).toBeLessThanOrEqual(16);
    parts.push(chunk);
  }
  expect(Buffer.concat(parts).equals(payload)).toBe(true);
  ring.freeBufferRing(br);
  await ring.closeFd(cfd);
  await ring.closeFd(fd);
});

test('an AbortSignal stops a multishot accept', async () => {
  const { fd } = await listener();
  const ac = new AbortController();
  const it = ring.acceptMultishot(fd, { signal: ac.signal });
  const next = it.next();
  setTimeout(() => ac.abort(), 10);
  expect(await next).toEqual({ value: undefined, done: true });
  await ring.closeFd(fd);
});

test('closing the ring ends multishot iterations with RingClosedError', async () => {
  const r2 = await Ring.create({ entries: 8 });
  const fd = await r2.socket(AF_INET, SOCK_STREAM);
  await r2.bind(fd, { host: '127.0.0.1', port: 0 });
  await r2.listen(fd);
  const it = r2.acceptMultishot(fd);
  const next = it.next();
  await r2.nop();
  await r2.close();
  await expect(next).rejects.toMatchObject({ name: 'RingClosedError', operation: 'Ring.acceptMultishot' });
  await ring.closeFd(fd);
});
