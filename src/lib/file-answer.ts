// The response schema of an answer that is a file or a stream rather than JSON (CSV, .xlsx,
// server-sent events): the media type with a string body. The body goes out as sent: Fastify
// serialises only JSON answers, so a string or a Buffer is never turned into a JSON string.
import { Type } from 'typebox';

export const fileAnswer = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: Type.Unsafe<string | Uint8Array>(Type.String({ format: 'binary' })) } },
});
