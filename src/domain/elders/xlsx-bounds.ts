// An uploaded .xlsx is a zip whose parts may inflate a thousandfold (a few MB of upload, GBs of
// XML). Before the streaming reader sees the file, every part it would read is inflated once here,
// counting bytes and throwing the output away, under a cap per part and in total. The reader then
// gets a new zip holding only those parts, their compressed bytes copied unchanged and their true
// sizes in the headers, so what it inflates is exactly what was counted. The parts come in the
// order the reader streams best (relations and shared strings before sheets: no temporary files).
import { crc32, createInflateRaw } from 'node:zlib';

/** Inflated bytes an import may read in all (a 200,000-row sheet as Excel writes it is ~150 MB). */
export const MAX_XLSX_INFLATED_BYTES = 256 * 1024 * 1024;
/** Parts held whole in memory by the reader (shared strings, styles, workbook) have their own, smaller caps. */
const PART_LIMITS: [RegExp, number][] = [
  [/^xl\/worksheets\/sheet\d+\.xml$/, MAX_XLSX_INFLATED_BYTES],
  [/^xl\/sharedStrings\.xml$/, 64 * 1024 * 1024],
  [/^xl\/styles\.xml$/, 8 * 1024 * 1024],
  [/^xl\/workbook\.xml$/, 8 * 1024 * 1024],
  [/^xl\/_rels\/workbook\.xml\.rels$/, 1024 * 1024],
];
const ORDER = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml'];
const EMPTY_SHARED_STRINGS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

export class XlsxTooLarge extends Error {
  constructor(readonly limitMb: number) {
    super(`the file inflates past ${limitMb} MB`);
  }
}

export class XlsxMalformed extends Error {}

interface Part {
  name: string;
  method: 0 | 8;
  data: Buffer;
  size: number;
  crc: number;
}

function entries(zip: Buffer): { name: string; method: number; flags: number; data: Buffer }[] {
  let end = -1;
  for (let p = zip.length - 22; p >= Math.max(0, zip.length - 22 - 0xffff); p--) {
    if (zip.readUInt32LE(p) === 0x06054b50) {
      end = p;
      break;
    }
  }
  if (end < 0) throw new XlsxMalformed('not a zip file (no end of central directory)');
  const count = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  if (count === 0xffff || p === 0xffffffff) throw new XlsxMalformed('ZIP64 files are not supported');
  const found = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) throw new XlsxMalformed('damaged central directory');
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50)
      throw new XlsxMalformed(`damaged entry ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + compressed > zip.length) throw new XlsxMalformed(`truncated entry ${name}`);
    found.push({ name, method, flags, data: zip.subarray(start, start + compressed) });
  }
  return found;
}

/** Inflates `data` chunk by chunk, keeping only the count and the CRC; throws past `limit` bytes. */
async function measure(data: Buffer, limit: number, limitMb: number): Promise<{ size: number; crc: number }> {
  const inflater = createInflateRaw();
  inflater.end(data);
  let size = 0;
  let crc = 0;
  for await (const chunk of inflater as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      inflater.destroy();
      throw new XlsxTooLarge(limitMb);
    }
    crc = crc32(chunk, crc);
  }
  return { size, crc };
}

function storedZip(parts: Part[]): Buffer {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6); // UTF-8 names, sizes known up front (no data descriptor)
    header.writeUInt16LE(part.method, 8);
    header.writeUInt32LE(part.crc >>> 0, 14);
    header.writeUInt32LE(part.data.length, 18);
    header.writeUInt32LE(part.size, 22);
    header.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(part.method, 10);
    entry.writeUInt32LE(part.crc >>> 0, 16);
    entry.writeUInt32LE(part.data.length, 20);
    entry.writeUInt32LE(part.size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    out.push(header, name, part.data);
    central.push(entry, name);
    offset += 30 + name.length + part.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, directory, end]);
}

/** The parts of `zip` an import reads, checked against the caps, as a zip the streaming reader can take. */
export async function boundedXlsx(zip: Buffer): Promise<Buffer> {
  const parts: Part[] = [];
  let budget = MAX_XLSX_INFLATED_BYTES;
  const totalMb = MAX_XLSX_INFLATED_BYTES / 1024 / 1024;
  for (const e of entries(zip)) {
    const cap = PART_LIMITS.find(([pattern]) => pattern.test(e.name))?.[1];
    if (cap === undefined || parts.some((p) => p.name === e.name)) continue;
    if (e.flags & 1) throw new XlsxMalformed('encrypted files are not supported');
    if (e.method !== 0 && e.method !== 8) throw new XlsxMalformed(`unsupported compression method ${e.method}`);
    const limit = Math.min(cap, budget);
    const limitMb = limit === budget ? totalMb : cap / 1024 / 1024;
    let measured: { size: number; crc: number };
    if (e.method === 0) {
      if (e.data.length > limit) throw new XlsxTooLarge(limitMb);
      measured = { size: e.data.length, crc: crc32(e.data) };
    } else {
      measured = await measure(e.data, limit, limitMb).catch((err: Error) => {
        if (err instanceof XlsxTooLarge) throw err;
        throw new XlsxMalformed(`damaged entry ${e.name}: ${err.message}`);
      });
    }
    budget -= measured.size;
    parts.push({ name: e.name, method: e.method, data: e.data, ...measured });
  }
  if (!parts.some((p) => p.name === 'xl/sharedStrings.xml'))
    parts.push({
      name: 'xl/sharedStrings.xml',
      method: 0,
      data: EMPTY_SHARED_STRINGS,
      size: EMPTY_SHARED_STRINGS.length,
      crc: crc32(EMPTY_SHARED_STRINGS),
    });
  const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  // A stable sort: the sheets keep their order in the file, which decides which one is read.
  parts.sort((a, b) => rank(a.name) - rank(b.name));
  return storedZip(parts);
}
