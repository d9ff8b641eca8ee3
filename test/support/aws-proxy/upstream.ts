/** Forwarding a call to moto over a keep-alive agent, the answer read whole. */
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import type { Reply } from './replies.js';

/** Hop-by-hop headers: each side of the proxy sets its own. */
const HOP_HEADERS = ['connection', 'transfer-encoding', 'content-length', 'keep-alive'];

export function forward(target: URL, agent: Agent, req: IncomingMessage, path: string, body: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    delete headers.connection;
    delete headers.expect;
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const kept: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined && !HOP_HEADERS.includes(name)) kept[name] = value;
        resolve({ status: res.statusCode ?? 502, headers: kept, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    upstream.on('error', reject);
    upstream.end(body);
  });
}
