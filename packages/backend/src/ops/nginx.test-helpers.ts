/** Helpers for the nginx configuration tests: a small nginx config parser, renderer and probes. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const nginxDir = path.join(repoRoot, 'nginx');
export const PROD_ROOT = '/srv/hanjullo';
export const NARAE_IPS = [
  '121.156.104.161',
  '121.156.104.162',
  '121.156.104.163',
  '121.156.104.164',
  '121.156.104.165',
  '183.98.207.13',
];
export const SITES = [
  { domain: 'hanjul.ai', dist: 'packages/frontend/dist' },
  { domain: 'sys.hanjullo.com', dist: 'packages/frontend/dist' },
  { domain: 'app.hanjul.ai', dist: 'packages/company-frontend/dist' },
] as const;


// A small nginx config parser: enough to walk blocks and directives, with our own includes inlined.

export interface Directive {
  name: string;
  args: string[];
  block?: Directive[];
}

export function tokenize(src: string): { value: string; quoted: boolean }[] {
  const tokens: { value: string; quoted: boolean }[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '{' || c === '}' || c === ';') {
      tokens.push({ value: c, quoted: false });
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') j++;
        value += src[j];
        j++;
      }
      tokens.push({ value, quoted: true });
      i = j + 1;
    } else {
      let j = i;
      while (j < src.length && !/[\s{};]/.test(src[j]!)) j++;
      tokens.push({ value: src.slice(i, j), quoted: false });
      i = j;
    }
  }
  return tokens;
}

export function parseFile(file: string): Directive[] {
  const tokens = tokenize(fs.readFileSync(file, 'utf8'));
  let pos = 0;
  const parseBlock = (): Directive[] => {
    const out: Directive[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos]!;
      if (!t.quoted && t.value === '}') {
        pos++;
        return out;
      }
      const words: string[] = [];
      while (pos < tokens.length && (tokens[pos]!.quoted || !['{', ';', '}'].includes(tokens[pos]!.value))) {
        words.push(tokens[pos]!.value);
        pos++;
      }
      const end = tokens[pos];
      if (!end || end.value === '}') throw new Error(`${file}: unterminated directive ${words.join(' ')}`);
      pos++;
      const [name, ...args] = words;
      if (!name) throw new Error(`${file}: empty directive`);
      if (end.value === '{') {
        out.push({ name, args, block: parseBlock() });
      } else if (name === 'include' && args[0]?.startsWith(`${PROD_ROOT}/nginx/`)) {
        out.push(...parseFile(path.join(repoRoot, args[0].slice(PROD_ROOT.length + 1))));
      } else {
        out.push({ name, args });
      }
    }
    return out;
  };
  return parseBlock();
}

export function walk(directives: Directive[], visit: (d: Directive) => void): void {
  for (const d of directives) {
    visit(d);
    if (d.block) walk(d.block, visit);
  }
}

export const findAll = (ds: Directive[], name: string): Directive[] => ds.filter((d) => d.name === name);
export const argsOf = (ds: Directive[], name: string): string[][] => findAll(ds, name).map((d) => d.args);
export const siteFile = (name: string): string => path.join(nginxDir, 'sites', name);
export const servers = (file: string): Directive[][] =>
  findAll(parseFile(file), 'server').map((s) => s.block ?? []);
export const serverNames = (server: Directive[]): string[] => argsOf(server, 'server_name').flat();
export const listensOn = (server: Directive[], port: string): boolean =>
  argsOf(server, 'listen').some((a) => a[0] === port);
export const location = (server: Directive[], ...match: string[]): Directive[] | undefined =>
  findAll(server, 'location').find((l) => l.args.join(' ') === match.join(' '))?.block;

// ---------------------------------------------------------------------------------------------
// Rendering a runnable copy of the configuration.

export function findNginx(): string {
  for (const candidate of ['/usr/sbin/nginx', ...(process.env.PATH ?? '').split(':').map((d) => path.join(d, 'nginx'))]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('nginx is not installed; install it with: apt-get install -y nginx-light');
}

export interface RenderOptions {
  dir: string;
  siteRoot: string;
  cert: { fullchain: string; privkey: string };
  certbotRoot: string;
  ports?: { http: number; https: number; api: number };
}

export function replaceOrFail(text: string, search: string | RegExp, replacement: string, what: string): string {
  const next = text.replace(search, replacement);
  if (next === text) throw new Error(`expected to rewrite ${what}`);
  return next;
}

// Copies /nginx into opts.dir with production paths pointed at the temp tree, then writes a main
// nginx.conf that includes it the way Debian's nginx.conf does. Returns the main config path.
export function renderConfig(opts: RenderOptions): string {
  const copy = path.join(opts.dir, 'nginx');
  fs.cpSync(nginxDir, copy, { recursive: true, filter: (src) => !src.endsWith('.md') });
  const files: string[] = [];
  walkDir(copy, files);
  for (const file of files) {
    let text = fs.readFileSync(file, 'utf8')
      .replaceAll(`${PROD_ROOT}/nginx/`, `${copy}/`)
      .replaceAll(`${PROD_ROOT}/`, `${opts.siteRoot}/`)
      .replaceAll('/var/www/certbot', opts.certbotRoot)
      .replace(/\/etc\/letsencrypt\/live\/[^/]+\/fullchain\.pem/g, opts.cert.fullchain)
      .replace(/\/etc\/letsencrypt\/live\/[^/]+\/privkey\.pem/g, opts.cert.privkey);
    if (opts.ports) {
      text = text
        .replace(/listen 80\b/g, `listen 127.0.0.1:${opts.ports.http}`)
        .replace(/listen 443\b/g, `listen 127.0.0.1:${opts.ports.https}`);
      if (file.endsWith('00-common.conf')) {
        text = replaceOrFail(text, 'server 127.0.0.1:3000;', `server 127.0.0.1:${opts.ports.api};`, 'the API upstream');
        // One extra allowlisted address so the test can also play Narae (127.0.0.0/8 is loopback).
        text = replaceOrFail(text, /(geo \$hanjullo_narae_080 \{)/, '$1\n    127.0.0.2 1;', 'the 080 geo');
      }
    }
    fs.writeFileSync(file, text);
  }
  const main = path.join(opts.dir, 'nginx.conf');
  fs.writeFileSync(
    main,
    [
      'worker_processes 1;',
      `pid ${opts.dir}/nginx.pid;`,
      `error_log ${opts.dir}/error.log warn;`,
      'events { worker_connections 256; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      `  access_log ${opts.dir}/access.log;`,
      `  client_body_temp_path ${opts.dir}/client_body;`,
      `  proxy_temp_path ${opts.dir}/proxy;`,
      `  include ${copy}/conf.d/*.conf;`,
      `  include ${copy}/sites/*.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  return main;
}

export function walkDir(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walkDir(full, out);
    else out.push(full);
  }
}

export function makeCert(dir: string): { fullchain: string; privkey: string } {
  const fullchain = path.join(dir, 'fullchain.pem');
  const privkey = path.join(dir, 'privkey.pem');
  execFileSync('openssl', [
    'req', '-x509', '-nodes', '-newkey', 'rsa:2048', '-subj', '/CN=test', '-days', '1',
    '-keyout', privkey, '-out', fullchain,
  ], { stdio: 'pipe' });
  return { fullchain, privkey };
}

export function nginxTest(nginx: string, conf: string, prefix: string): { status: number | null; output: string } {
  const r = spawnSync(nginx, ['-t', '-c', conf, '-p', prefix], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function waitForPort(port: number, deadline = Date.now() + 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listening on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Call {
  tls: boolean;
  host: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  from?: string;
}
