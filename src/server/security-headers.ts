// The security headers of every answer (CSP, HSTS, frame and sniffing rules…), as @fastify/helmet
// sets them, worked out once at start-up. The plugin rebuilds its whole middleware on every request
// (parsing the CSP directives each time), a few per cent of the server's CPU on a short read; the
// headers depend only on the options, so one probe request tells them, and a hook sets them on the
// raw response, as the plugin did, so hijacked answers (the SSE feed) carry them too.
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';

/** Header name → value that the plugin adds to an answer under these options. */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<[string, string][]> {
  const probe = Fastify();
  try {
    await probe.register(helmet, options);
    probe.get('/with', async () => 'ok');
    probe.get('/without', { helmet: false }, async () => 'ok');
    const [withHelmet, without] = await Promise.all([probe.inject('/with'), probe.inject('/without')]);
    return Object.entries(withHelmet.headers)
      .filter(([name, value]) => value !== undefined && without.headers[name] !== value)
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]);
  } finally {
    await probe.close();
  }
}

/** Sets those headers on every answer of `app`, from its first hook. */
export async function installSecurityHeaders(app: FastifyInstance, options: FastifyHelmetOptions): Promise<void> {
  const headers = await helmetHeaders(options);
  if (!headers.some(([name]) => name === 'content-security-policy'))
    throw new Error('the security headers lack a Content-Security-Policy');
  app.addHook('onRequest', (_req, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
