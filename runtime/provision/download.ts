/**
 * Debian's packages without apt's signature check (a machine without Debian's
 * keyring, stock Ubuntu): the exact files whose sha256 sums this package pins
 * (pins.ts), downloaded straight from the mirror's pool and checked against
 * those sums before anything is unpacked.
 */
import { childProcess, crypto } from './builtins.js';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { classifyDownload, ProvisionError } from './failure.js';

/** One .deb as the suite's signed index listed it when it was pinned. */
export interface PinnedDeb {
  version: string;
  /** Its path below the mirror, e.g. pool/main/libu/liburing/liburing2_2.9-1_amd64.deb. */
  filename: string;
  size: number;
  sha256: string;
}

/** Pins per suite, then per Debian architecture, then per package. */
export type Pins = Record<string, Record<string, Record<string, PinnedDeb>>>;

// Runs in a child process, so that a synchronous provisioning can wait for it (spawnSync) with a timeout.
// Honours http_proxy for http mirrors, as apt and curl do.
const DOWNLOADER = `
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
const { files, timeoutMs } = JSON.parse(process.argv[1]);
const proxyVar = process.env.http_proxy || process.env.HTTP_PROXY;
function get(url, dest, redirects = 0) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const proxy = proxyVar && u.protocol === 'http:' ? new URL(proxyVar) : null;
    const mod = u.protocol === 'https:' ? https : http;
    const opts = proxy ? { host: proxy.hostname, port: proxy.port || 80, path: url, headers: { host: u.host } } : url;
    const req = mod.get(opts, (res) => {
      const s = res.statusCode;
      if (s >= 300 && s < 400 && res.headers.location && redirects < 5) {
        res.resume();
        get(new URL(res.headers.location, url).href, dest, redirects + 1).then(resolve, reject);
        return;
      }
      if (s !== 200) {
        res.resume();
        reject(Object.assign(new Error('HTTP ' + s), { status: s, url }));
        return;
      }
      const out = createWriteStream(dest);
      res.on('error', (e) => reject(Object.assign(e, { url })));
      out.on('error', (e) => reject(Object.assign(e, { url })));
      out.on('finish', resolve);
      res.pipe(out);
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('no answer for ' + timeoutMs + ' ms'), { code: 'TIMEOUT' })));
    req.on('error', (e) => reject(Object.assign(e, { url: e.url ?? url })));
  });
}
try {
  for (const f of files) await get(f.url, f.dest);
  process.stdout.write(JSON.stringify({ ok: true }));
} catch (e) {
  process.stdout.write(JSON.stringify({ ok: false, code: e.code, status: e.status, url: e.url, message: e.message }));
}
`;

/** Download each pinned .deb from `mirror` into `dir`, and check its size and sha256. Returns the paths. */
export function downloadPinned(debs: PinnedDeb[], mirror: string, dir: string, deadline: number): string[] {
  const files = debs.map((d) => ({ url: `${mirror}/${d.filename}`, dest: join(dir, d.filename.split('/').pop()!) }));
  const left = deadline - Date.now();
  const timedOut = () =>
    new ProvisionError('timeout', `gave up downloading liburing from ${mirror}: no answer in the time allowed (LIBURING_TS_PROVISION_TIMEOUT, in seconds). Check the network, or set LIBURING_TS_MIRROR to a mirror you can reach.`);
  if (left <= 0) throw timedOut();
  const r = childProcess().spawnSync(process.execPath, ['--input-type=module', '--eval', DOWNLOADER, JSON.stringify({ files, timeoutMs: Math.min(left, 30_000) })], {
    encoding: 'utf8',
    timeout: left,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') throw timedOut();
  let result: { ok: boolean; code?: string; status?: number; url?: string; message?: string };
  try {
    result = JSON.parse(r.stdout);
  } catch {
    throw new ProvisionError('failed', `the downloader failed: ${(r.error?.message ?? r.stderr ?? '').trim()}`);
  }
  if (!result.ok) throw classifyDownload({ code: result.code, status: result.status, url: result.url ?? mirror, message: result.message ?? '' }, mirror);
  files.forEach((f, i) => verifyPinned(f.dest, debs[i]!, f.url));
  return files.map((f) => f.dest);
}

/** Throw (and delete the file) unless it has the pinned size and sha256. */
export function verifyPinned(path: string, pin: PinnedDeb, url: string): void {
  const size = statSync(path).size;
  const sum = crypto().createHash('sha256').update(readFileSync(path)).digest('hex');
  if (size === pin.size && sum === pin.sha256) return;
  rmSync(path, { force: true });
  throw new ProvisionError(
    'verification',
    `${url} is not the file liburing-ts pins: sha256 ${sum} (${size} bytes), expected ${pin.sha256} (${pin.size} bytes). ` +
      'The download was corrupted or tampered with; nothing was installed. Try again, or set LIBURING_TS_MIRROR to another Debian mirror.',
  );
}
