import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Anthropic's Messages API (`POST /v1/messages`) on 127.0.0.1: answers from a
 * queue of recorded-style replies, a malformed reply, or no reply at all (a timeout), and keeps
 * every request it received so tests can check what left the building.
 */
export type FakeReply = { kind: 'json'; value: unknown } | { kind: 'text'; text: string } | { kind: 'hang' } | { kind: 'status'; status: number };

export interface FakeMessagesApi {
  url: string;
  received: Array<{ headers: IncomingMessage['headers']; body: { model: string; system: string; messages: Array<{ role: string; content: string }> } }>;
  reply(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

const message = (text: string) => ({
  id: `msg_fake_${Math.random().toString(36).slice(2, 10)}`,
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [{ type: 'text', text }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 812, output_tokens: 164 },
});

export async function startFakeMessagesApi(): Promise<FakeMessagesApi> {
  const queue: FakeReply[] = [];
  const received: FakeMessagesApi['received'] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/messages') {
        res.writeHead(404).end();
        return;
      }
      received.push({ headers: req.headers, body: JSON.parse(raw) as FakeMessagesApi['received'][number]['body'] });
      const next = queue.shift() ?? { kind: 'status', status: 500 };
      if (next.kind === 'hang') return;
      if (next.kind === 'status') {
        res.writeHead(next.status, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'fake' } }));
        return;
      }
      const text = next.kind === 'json' ? '```json\n' + JSON.stringify(next.value) + '\n```' : next.text;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(message(text)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    reply: (...replies) => queue.push(...replies),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
