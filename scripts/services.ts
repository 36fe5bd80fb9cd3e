import net from 'node:net';

/** One clear message for a machine whose databases are not running. */
export const SERVICE_START_HELP = `Start them, then run the command again:
  • with Docker:   docker compose up -d postgres mysql redis
  • Debian/Ubuntu: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
                   start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
                   redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  (install them with: apt-get install -y postgresql mariadb-server redis-server)`;

function portFor(url: string | undefined, fallback: number): { host: string; port: number } {
  if (!url) return { host: '127.0.0.1', port: fallback };
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port) || fallback };
}

function answers(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Names of PostgreSQL / MySQL / Redis that do not accept connections (from the .env URLs). */
export async function checkServices(env: Record<string, string | undefined> = process.env): Promise<string[]> {
  const targets = [
    ['PostgreSQL', portFor(env.DATABASE_URL, 5432)],
    ['MySQL/MariaDB', portFor(env.MYSQL_ADMIN_URL ?? env.MYSQL_URL, 3306)],
    ['Redis', portFor(env.REDIS_URL, 6379)],
  ] as const;
  const results = await Promise.all(targets.map(([, t]) => answers(t.host, t.port)));
  return targets.filter((_, i) => !results[i]).map(([name, t]) => `${name} (${t.host}:${t.port})`);
}
