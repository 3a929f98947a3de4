import { connect, createServer, type Server, type Socket } from 'node:net';

/** One client connection and, once the network lets it through, its connection to the upstream. */
interface Link {
  readonly client: Socket;
  upstream: Socket | null;
}

type Network = 'up' | 'refusing' | 'partitioned';

/**
 * A TCP proxy on 127.0.0.1 in front of a local port, playing the network between the dashboards
 * and the server: every byte arrives `latencyMs` late, in order. It can fail in two ways until
 * `restore()`:
 * - `cut()`: every connection is closed on both sides at once and new ones are reset, as when a
 *   switch port or a Wi-Fi link goes down (both ends see the loss at once);
 * - `partition()`: not a byte crosses either way and nothing is closed; new connections are
 *   accepted but held, as when packets are silently lost and TCP keeps retransmitting. Only
 *   socket.io's pings can notice it; on `restore()` whatever was waiting flows on.
 * The upstream may be down (a server restart): a connection then fails as a refused one would.
 */
export class FlakyProxy {
  readonly #server: Server;
  readonly #upstreamPort: number;
  readonly #latencyMs: number;
  readonly #links = new Set<Link>();
  #network: Network = 'up';

  private constructor(upstreamPort: number, latencyMs: number) {
    this.#upstreamPort = upstreamPort;
    this.#latencyMs = latencyMs;
    this.#server = createServer((client) => this.#accept(client));
  }

  static async start(upstreamPort: number, latencyMs: number): Promise<FlakyProxy> {
    const proxy = new FlakyProxy(upstreamPort, latencyMs);
    await new Promise<void>((resolve, reject) => {
      proxy.#server.once('error', reject);
      proxy.#server.listen(0, '127.0.0.1', resolve);
    });
    return proxy;
  }

  get url(): string {
    const address = this.#server.address();
    if (typeof address !== 'object' || !address) throw new Error('the proxy is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  cut(): void {
    this.#network = 'refusing';
    for (const link of this.#links) this.#close(link);
  }

  partition(): void {
    this.#network = 'partitioned';
    // Paused sockets read nothing more, not even the end of the stream, until resumed.
    for (const { client, upstream } of this.#links) {
      client.pause();
      upstream?.pause();
    }
  }

  restore(): void {
    this.#network = 'up';
    for (const link of this.#links) {
      if (!link.upstream) this.#open(link);
      link.client.resume();
      link.upstream!.resume();
    }
  }

  async close(): Promise<void> {
    for (const link of this.#links) this.#close(link);
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    if (this.#network === 'refusing') {
      client.resetAndDestroy();
      return;
    }
    const link: Link = { client, upstream: null };
    this.#links.add(link);
    client.on('error', () => this.#close(link));
    if (this.#network === 'up') this.#open(link);
  }

  #open(link: Link): void {
    const upstream = connect(this.#upstreamPort, '127.0.0.1');
    link.upstream = upstream;
    upstream.on('error', () => this.#close(link));
    this.#forward(link, link.client, upstream);
    this.#forward(link, upstream, link.client);
  }

  /** What `from` reads reaches `to` one latency later, its end too; a close closes the link. */
  #forward(link: Link, from: Socket, to: Socket): void {
    const later = (then: () => void) => setTimeout(then, this.#latencyMs);
    from.on('data', (chunk) => later(() => !to.destroyed && to.write(chunk)));
    from.on('end', () => later(() => !to.destroyed && to.end()));
    from.on('close', () => later(() => this.#close(link, 'when written')));
  }

  #close(link: Link, when: 'now' | 'when written' = 'now'): void {
    if (!this.#links.delete(link)) return;
    for (const socket of [link.client, link.upstream]) {
      if (when === 'now') socket?.destroy();
      else socket?.destroySoon();
    }
  }
}
