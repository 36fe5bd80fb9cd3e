// Checks the production nginx configuration in /nginx: the real nginx binary validates it
// (`nginx -t`), the parsed files are checked for the rules the product depends on, and a copy on
// loopback ports is started and exercised with real HTTP(S) requests against a stand-in API.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  repoRoot,
  nginxDir,
  PROD_ROOT,
  NARAE_IPS,
  SITES,
  parseFile,
  walk,
  findAll,
  argsOf,
  siteFile,
  servers,
  serverNames,
  listensOn,
  location,
  findNginx,
  renderConfig,
  makeCert,
  nginxTest,
  freePort,
  waitForPort,
  type Reply,
  type Call,
} from './nginx.test-helpers.js';

describe('nginx configuration', () => {
  let nginx: string;
  let tmp: string;
  let cert: { fullchain: string; privkey: string };

  beforeAll(() => {
    nginx = findNginx();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hanjullo-nginx-'));
    // nginx workers drop to an unprivileged user when started as root: they must read the tree.
    fs.chmodSync(tmp, 0o755);
    cert = makeCert(tmp);
  });

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('passes `nginx -t` with the production layout (certs swapped for a throwaway one)', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'check-'));
    fs.chmodSync(dir, 0o755);
    const conf = renderConfig({ dir, siteRoot: repoRoot.replace(/\/$/, ''), cert, certbotRoot: path.join(dir, 'certbot') });
    const { status, output } = nginxTest(nginx, conf, dir);
    expect(output).toContain('syntax is ok');
    expect(output).toContain('test is successful');
    expect(status, output).toBe(0);
  });

  it('opens the 080 callback on hanjul.ai to exactly the six Narae addresses and nobody else', () => {
    const common = parseFile(path.join(nginxDir, 'conf.d', '00-common.conf'));
    const geo = findAll(common, 'geo').find((g) => g.args[0] === '$hanjullo_narae_080');
    expect(geo?.block, 'geo $hanjullo_narae_080 in conf.d/00-common.conf').toBeDefined();
    const entries = new Map(geo!.block!.map((d) => [d.name, d.args.join(' ')]));
    expect(entries.get('default')).toBe('0');
    const allowed = [...entries].filter(([k, v]) => k !== 'default' && v === '1').map(([k]) => k);
    expect(allowed.sort()).toEqual([...NARAE_IPS].sort());
    expect([...entries.values()].every((v) => v === '0' || v === '1')).toBe(true);

    const main = servers(siteFile('hanjul.ai.conf')).find(
      (s) => serverNames(s).includes('hanjul.ai') && listensOn(s, '443'),
    );
    const loc = main && location(main, '=', '/api/unsubscribes/080callback');
    expect(loc, '080 location on the hanjul.ai HTTPS server').toBeDefined();
    // The gate comes first: a non-Narae caller is refused before anything is proxied.
    const gate = loc![0]!;
    expect(gate.name).toBe('if');
    expect(gate.args.join(' ')).toBe('($hanjullo_narae_080 = 0)');
    expect(gate.block?.map((d) => [d.name, ...d.args].join(' '))).toEqual(['return 403']);
    expect(argsOf(loc!, 'proxy_pass')).toEqual([['http://hanjullo_api']]);
    // No allow/deny elsewhere that could widen it.
    expect(findAll(loc!, 'allow')).toEqual([]);

    for (const other of ['sys.hanjullo.com.conf', 'app.hanjul.ai.conf']) {
      for (const s of servers(siteFile(other)).filter((srv) => listensOn(srv, '443'))) {
        const blocked = location(s, '=', '/api/unsubscribes/080callback');
        expect(blocked?.map((d) => [d.name, ...d.args].join(' ')), other).toEqual(['return 404']);
      }
    }
  });

  it('listens only on 80 and 443 and limits bodies to 50M', () => {
    const listens: string[][] = [];
    for (const file of fs.readdirSync(path.join(nginxDir, 'sites'))) {
      walk(parseFile(siteFile(file)), (d) => {
        if (d.name === 'listen') listens.push(d.args);
      });
    }
    expect(listens.length).toBeGreaterThanOrEqual(8);
    for (const args of listens) {
      expect(['80', '443'], args.join(' ')).toContain(args[0]);
      for (const flag of args.slice(1)) expect(['ssl', 'http2', 'default_server']).toContain(flag);
    }
    const common = parseFile(path.join(nginxDir, 'conf.d', '00-common.conf'));
    expect(argsOf(common, 'client_max_body_size')).toEqual([['50M']]);
    expect(argsOf(common, 'server_tokens')).toEqual([['off']]);
    const zones = argsOf(common, 'limit_req_zone').map((a) => `${a[1]} ${a[2]}`);
    expect(zones.sort()).toEqual([
      'zone=hanjullo_api:20m rate=100r/m',
      'zone=hanjullo_login:10m rate=5r/m',
      'zone=hanjullo_upload:10m rate=10r/m',
    ]);
  });

  it('gives each domain an HTTPS server with its own certificate, its SPA build and the API', () => {
    for (const { domain, dist } of SITES) {
      const all = servers(siteFile(`${domain}.conf`));
      const tls = all.find((s) => serverNames(s).includes(domain) && listensOn(s, '443'));
      expect(tls, `HTTPS server for ${domain}`).toBeDefined();
      expect(argsOf(tls!, 'listen')).toEqual([['443', 'ssl', 'http2']]);
      expect(argsOf(tls!, 'ssl_certificate')).toEqual([[`/etc/letsencrypt/live/${domain}/fullchain.pem`]]);
      expect(argsOf(tls!, 'ssl_certificate_key')).toEqual([[`/etc/letsencrypt/live/${domain}/privkey.pem`]]);
      expect(argsOf(tls!, 'root')).toEqual([[`${PROD_ROOT}/${dist}`]]);
      expect(argsOf(location(tls!, '/')!, 'try_files')).toEqual([['$uri', '/index.html']]);
      expect(argsOf(location(tls!, '=', '/api/auth/login')!, 'limit_req')).toEqual([['zone=hanjullo_login', 'burst=10', 'nodelay']]);
      for (const upload of ['/api/customers/upload', '/api/uploads/']) {
        const zones = argsOf(location(tls!, '^~', upload)!, 'limit_req').map((a) => a[0]);
        expect(zones).toEqual(['zone=hanjullo_upload', 'zone=hanjullo_api']);
      }
      expect(argsOf(location(tls!, '/api/')!, 'limit_req')[0]?.[0]).toBe('zone=hanjullo_api');
      expect(argsOf(tls!, 'add_header').map((a) => a[0])).toEqual(
        expect.arrayContaining(['Strict-Transport-Security', 'Content-Security-Policy', 'X-Content-Type-Options', 'X-Frame-Options']),
      );

      const plain = all.find((s) => serverNames(s).includes(domain) && listensOn(s, '80'));
      expect(plain, `HTTP server for ${domain}`).toBeDefined();
      expect(argsOf(location(plain!, '^~', '/.well-known/acme-challenge/')!, 'root')).toEqual([['/var/www/certbot']]);
      expect(argsOf(location(plain!, '/')!, 'return')[0]?.[0]).toBe('301');
    }
  });

  describe('running on loopback ports', () => {
    let proc: ChildProcess | undefined;
    let api: http.Server;
    let ports: { http: number; https: number; api: number };
    let dir: string;
    const seen: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];

    const call = (c: Call): Promise<Reply> =>
      new Promise((resolve, reject) => {
        const port = c.tls ? ports.https : ports.http;
        const options: https.RequestOptions = {
          host: '127.0.0.1',
          port,
          path: c.path,
          method: c.method ?? 'GET',
          headers: { host: c.host, ...c.headers },
          agent: false,
          ...(c.from ? { localAddress: c.from } : {}),
          ...(c.tls ? { servername: c.host, rejectUnauthorized: false } : {}),
        };
        const req = (c.tls ? https : http).request(options, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end();
      });

    beforeAll(async () => {
      api = http.createServer((req, res) => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
        req.resume();
        req.on('end', () => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ ok: true }));
        });
      });
      await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
      ports = { http: await freePort(), https: await freePort(), api: (api.address() as net.AddressInfo).port };

      dir = fs.mkdtempSync(path.join(tmp, 'run-'));
      fs.chmodSync(dir, 0o755);
      const siteRoot = path.join(dir, 'srv');
      for (const [pkg, title] of [['frontend', 'marketer-spa'], ['company-frontend', 'company-spa']] as const) {
        fs.mkdirSync(path.join(siteRoot, 'packages', pkg, 'dist', 'assets'), { recursive: true });
        fs.writeFileSync(path.join(siteRoot, 'packages', pkg, 'dist', 'index.html'), `<title>${title}</title>`);
        fs.writeFileSync(path.join(siteRoot, 'packages', pkg, 'dist', 'assets', 'index-3f2a9c.js'), 'console.log(1)');
      }
      const certbotRoot = path.join(dir, 'certbot');
      fs.mkdirSync(path.join(certbotRoot, '.well-known', 'acme-challenge'), { recursive: true });
      fs.writeFileSync(path.join(certbotRoot, '.well-known', 'acme-challenge', 'tok123'), 'challenge-ok');
      execFileSync('chmod', ['-R', 'a+rX', dir]);

      const conf = renderConfig({ dir, siteRoot, cert, certbotRoot, ports });
      const check = nginxTest(nginx, conf, dir);
      expect(check.status, check.output).toBe(0);
      proc = spawn(nginx, ['-c', conf, '-p', dir, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
      await waitForPort(ports.https);
    }, 30_000);

    afterAll(async () => {
      if (proc && proc.exitCode === null) {
        const exited = new Promise((resolve) => proc!.once('exit', resolve));
        proc.kill('SIGTERM');
        await exited;
      }
      await new Promise((resolve) => api?.close(resolve));
    });

    it('redirects plain HTTP to HTTPS but serves ACME challenges', async () => {
      const r = await call({ tls: false, host: 'hanjul.ai', path: '/campaigns?x=1' });
      expect(r.status).toBe(301);
      expect(r.headers.location).toBe('https://hanjul.ai/campaigns?x=1');
      const www = await call({ tls: false, host: 'www.hanjul.ai', path: '/' });
      expect(www.headers.location).toBe('https://hanjul.ai/');
      const app = await call({ tls: false, host: 'app.hanjul.ai', path: '/users' });
      expect(app.headers.location).toBe('https://app.hanjul.ai/users');
      const acme = await call({ tls: false, host: 'app.hanjul.ai', path: '/.well-known/acme-challenge/tok123' });
      expect([acme.status, acme.body]).toEqual([200, 'challenge-ok']);
    });

    it('drops unknown hosts on HTTP and refuses the TLS handshake for unknown names', async () => {
      await expect(call({ tls: false, host: '203.0.113.9', path: '/' })).rejects.toThrow(/socket hang up|ECONNRESET/);
      await expect(call({ tls: true, host: 'unknown.example', path: '/' })).rejects.toThrow(/alert|handshake|ECONNRESET|unrecognized/i);
    });

    it('serves each SPA by hostname with security headers and the right caching', async () => {
      const marketer = await call({ tls: true, host: 'hanjul.ai', path: '/campaigns/42' });
      expect([marketer.status, marketer.body]).toEqual([200, '<title>marketer-spa</title>']);
      expect(marketer.headers['cache-control']).toBe('no-cache');
      expect(marketer.headers['strict-transport-security']).toContain('max-age=31536000');
      expect(marketer.headers['content-security-policy']).toContain("default-src 'self'");
      expect(marketer.headers['x-content-type-options']).toBe('nosniff');
      expect(marketer.headers['x-frame-options']).toBe('DENY');
      expect(marketer.headers.server).toBe('nginx');

      const sys = await call({ tls: true, host: 'sys.hanjullo.com', path: '/' });
      expect(sys.body).toBe('<title>marketer-spa</title>');
      const company = await call({ tls: true, host: 'app.hanjul.ai', path: '/settings' });
      expect(company.body).toBe('<title>company-spa</title>');

      const asset = await call({ tls: true, host: 'app.hanjul.ai', path: '/assets/index-3f2a9c.js' });
      expect(asset.status).toBe(200);
      expect(asset.headers['cache-control']).toContain('immutable');
      expect(asset.headers['strict-transport-security']).toBeDefined();
      const missing = await call({ tls: true, host: 'app.hanjul.ai', path: '/assets/gone-000.js' });
      expect(missing.status).toBe(404);
    });

    it('proxies /api/ with the client address, scheme and a fresh request id', async () => {
      seen.length = 0;
      const r = await call({
        tls: true,
        host: 'hanjul.ai',
        path: '/api/campaigns?status=scheduled',
        headers: { 'x-forwarded-for': '6.6.6.6', 'x-request-id': 'forged' },
      });
      expect(r.status).toBe(200);
      expect(seen).toHaveLength(1);
      const got = seen[0]!;
      expect(got.url).toBe('/api/campaigns?status=scheduled');
      expect(got.headers.host).toBe('hanjul.ai');
      expect(got.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(got.headers['x-real-ip']).toBe('127.0.0.1');
      expect(got.headers['x-forwarded-proto']).toBe('https');
      expect(got.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    });

    it('answers the 080 callback only for allowlisted callers and only on hanjul.ai', async () => {
      seen.length = 0;
      const stranger = await call({ tls: true, host: 'hanjul.ai', path: '/api/unsubscribes/080callback?phone=01012345678', method: 'POST' });
      expect(stranger.status).toBe(403);
      const otherHost = await call({ tls: true, host: 'app.hanjul.ai', path: '/api/unsubscribes/080callback', method: 'POST', from: '127.0.0.2' });
      expect(otherHost.status).toBe(404);
      expect(seen).toHaveLength(0);
      const narae = await call({ tls: true, host: 'hanjul.ai', path: '/api/unsubscribes/080callback?phone=01012345678', method: 'POST', from: '127.0.0.2' });
      expect(narae.status).toBe(200);
      expect(seen.map((s) => s.url)).toEqual(['/api/unsubscribes/080callback?phone=01012345678']);
    });

    it('rate-limits logins per address after a burst of 10', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 13; i++) {
        statuses.push((await call({ tls: true, host: 'hanjul.ai', path: '/api/auth/login', method: 'POST', from: '127.0.0.3' })).status);
      }
      expect(statuses.slice(0, 11)).toEqual(Array(11).fill(200));
      expect(statuses.slice(11)).toEqual([429, 429]);
      // Another address is unaffected.
      const other = await call({ tls: true, host: 'hanjul.ai', path: '/api/auth/login', method: 'POST', from: '127.0.0.4' });
      expect(other.status).toBe(200);
    });

    it('rate-limits upload writes but not progress polling', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        statuses.push((await call({ tls: true, host: 'app.hanjul.ai', path: '/api/customers/upload', method: 'POST', from: '127.0.0.5' })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
      const poll = await call({ tls: true, host: 'app.hanjul.ai', path: '/api/uploads/abc/progress', from: '127.0.0.5' });
      expect(poll.status).toBe(200);
    });

    it('refuses request bodies over 50 MB with 413 before proxying', async () => {
      seen.length = 0;
      const tooBig = await call({
        tls: true,
        host: 'hanjul.ai',
        path: '/api/customers/upload',
        method: 'POST',
        headers: { 'content-length': String(50 * 1024 * 1024 + 1) },
        from: '127.0.0.6',
      });
      expect(tooBig.status).toBe(413);
      expect(seen).toHaveLength(0);
    });
  });
});
