import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { latLngToCell } from 'h3-js';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody, idNumber } from '../../../test/support/elders.js';
import { makeCitizenId } from '../../lib/citizen-id.js';
import { ageOn, todayInShanghai } from '../../lib/dates.js';
import { columnLetter, decodeText, fieldOfHeader, IMPORT_LIMITS } from './import-format.js';
import { communityAliases, hukouCode } from './place-lookup.js';

const BUREAU_HEADERS = [
  '姓名',
  '身份证号',
  '联系电话',
  '所属社区',
  '详细地址',
  '户籍地',
  '独居',
  '低保',
  '紧急联系人',
  '联系人电话',
  '与老人关系',
];

async function xlsx(rows: unknown[][], options: { headers?: string[]; title?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('老人');
  if (options.title) sheet.addRow([options.title]);
  sheet.addRow(options.headers ?? BUREAU_HEADERS);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(file: Buffer, filename: string) {
  const boundary = `----yiyang${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** GBK bytes for a string, from Node's own GBK decoder run backwards (no encoder ships with Node). */
let gbkTable: Map<string, Buffer> | null = null;
function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk');
    for (let hi = 0x81; hi <= 0xfe; hi++) {
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        const bytes = Buffer.from([hi, lo]);
        const ch = decoder.decode(bytes);
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, bytes);
      }
    }
  }
  return Buffer.concat(
    [...text].map((ch) =>
      ch.charCodeAt(0) < 0x80 ? Buffer.from(ch) : (gbkTable!.get(ch) ?? assert.fail(`no GBK for ${ch}`)),
    ),
  );
}

let n = 0;
/** A good row in the bureau's column order. */
function row(
  overrides: Partial<
    Record<
      | 'name'
      | 'id'
      | 'phone'
      | 'community'
      | 'address'
      | 'hukou'
      | 'alone'
      | 'subsistence'
      | 'contact'
      | 'contactPhone'
      | 'relation',
      unknown
    >
  > = {},
): unknown[] {
  n++;
  const v = {
    name: `导入老人${n}`,
    id: idNumber(`19${40 + (n % 15)}-0${1 + (n % 9)}-1${n % 10}`, n % 2 ? 'M' : 'F'),
    phone: '13800138000',
    community: '清波门社区',
    address: `清波街道劳动路 ${n} 号`,
    hukou: '',
    alone: '否',
    subsistence: '否',
    contact: '',
    contactPhone: '',
    relation: '',
    ...overrides,
  };
  return [
    v.name,
    v.id,
    v.phone,
    v.community,
    v.address,
    v.hukou,
    v.alone,
    v.subsistence,
    v.contact,
    v.contactPhone,
    v.relation,
  ];
}

describe('elder import', () => {
  let t: TestApp;
  let officer: string;
  before(async () => {
    t = await testApp();
    officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  });
  after(() => t.close());

  const upload = (token: string, file: Buffer, options: { name?: string; query?: string; lang?: string } = {}) => {
    const { payload, headers } = multipart(file, options.name ?? 'elders.xlsx');
    return t.call(token, {
      method: 'POST',
      url: `/api/v1/elders/import${options.query ?? ''}`,
      payload,
      headers: { ...headers, ...(options.lang ? { 'accept-language': options.lang } : {}) },
    });
  };
  const registered = async (id: unknown) =>
    (await t.call(officer, { method: 'GET', url: `/api/v1/elders?idNumber=${id}&status=all` })).json().total as number;

  test('a good file imports every row with flags, contacts, household registration and audit entries', async () => {
    const rows = [
      row({
        name: '王阿婆',
        alone: '是',
        contact: '王小明',
        contactPhone: '139 1234 5678',
        relation: '儿子',
        hukou: '浙江省杭州市上城区',
      }),
      row({ community: '330102001052', subsistence: '是' }),
      row({ community: '清波街道/清波门', phone: 13900001111 }),
      row({ community: '望江街道兴隆社区', hukou: '安徽省合肥市蜀山区' }),
    ];
    const res = await upload(officer, await xlsx(rows));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { imported: 4, skipped: 0, errors: [], errorCount: 0, ignoredColumns: [] });

    const found = (await t.call(officer, { method: 'GET', url: `/api/v1/elders?q=${rows[0]![1]}` })).json();
    const detail = (await t.call(officer, { method: 'GET', url: `/api/v1/elders/${found.items[0].id}` })).json();
    assert.equal(detail.name, '王阿婆');
    assert.equal(detail.communityCode, '330102001051');
    assert.equal(detail.hukouCode, '330102');
    assert.ok(
      detail.flags.some(
        (f: { flag: string; effectiveFrom: string }) =>
          f.flag === 'living_alone' && f.effectiveFrom === todayInShanghai(),
      ),
    );
    assert.deepEqual(
      detail.contacts.map((c: { name: string; phone: string; relation: string }) => [c.name, c.phone, c.relation]),
      [['王小明', '13912345678', '儿子']],
    );
    const others = await Promise.all(
      rows
        .slice(1)
        .map(async (r) => (await t.call(officer, { method: 'GET', url: `/api/v1/elders?q=${r[1]}` })).json().items[0]),
    );
    assert.deepEqual(
      others.map((e) => e.communityCode),
      ['330102001052', '330102001051', '330102010057'],
    );
    assert.equal(others[1].phone, '13900001111');

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'detail'])
      .where('action', 'in', ['import', 'create'])
      .orderBy('id')
      .execute();
    const summary = audit.find((a) => a.action === 'import')!.detail as Record<string, unknown>;
    assert.equal(summary.imported, 4);
    assert.equal(summary.outcome, 'complete');
    assert.match(String(summary.sha256), /^[0-9a-f]{64}$/);
    const creates = audit.filter(
      (a) => a.action === 'create' && (a.detail as { import?: string }).import === summary.batch,
    );
    assert.deepEqual(
      creates.map((c) => (c.detail as { row: number }).row),
      [2, 3, 4, 5],
    );
    assert.ok(creates.some((c) => c.entity_id === String(found.items[0].id)));
  });

  const young = idNumber('1990-06-01');
  const goodCheck = idNumber('1950-01-01', 'F');
  const badCheck = goodCheck.slice(0, 17) + (goodCheck[17] === '0' ? '1' : '0');
  const cases: {
    name: string;
    bad: () => unknown[] | Promise<unknown[]>;
    column: string;
    reason: string | (() => string);
    code: string;
    row?: number;
  }[] = [
    {
      name: 'a wrong check digit',
      bad: () => row({ id: badCheck }),
      column: '身份证号',
      reason: '身份证号校验位不正确（GB 11643）',
      code: 'id_number_check_digit',
    },
    {
      name: 'a person under 60',
      bad: () => row({ id: young }),
      column: '身份证号',
      reason: () => `登记对象须年满 60 周岁（按身份证号计算为 ${ageOn('1990-06-01', todayInShanghai())} 岁）`,
      code: 'elder_too_young',
    },
    {
      name: 'an unknown community',
      bad: () => row({ community: '不存在社区' }),
      column: '所属社区',
      reason: '您的辖区内没有名为“不存在社区”的社区（村）',
      code: 'community_name_unknown',
    },
    {
      name: 'a missing name',
      bad: () => row({ name: '' }),
      column: '姓名',
      reason: '缺少必填字段 姓名',
      code: 'required',
    },
    {
      name: 'an ID number Excel stored as a number',
      // biome-ignore lint/correctness/noPrecisionLoss: the number Excel stores, its last digits lost
      bad: () => row({ id: 330102195001011234 }),
      column: '身份证号',
      reason: '身份证号被 Excel 存成了数字，末几位已丢失：请将该列设为“文本”格式后重新填写',
      code: 'import_id_number_numeric',
    },
    {
      name: 'a flag that is neither 是 nor 否',
      bad: () => row({ alone: '可能' }),
      column: '独居',
      reason: '字段 独居 的取值不在允许列表中',
      code: 'not_allowed_value',
    },
    {
      name: 'an ID number already registered',
      bad: async () => {
        const body = elderBody();
        assert.equal((await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: body })).statusCode, 201);
        return row({ id: body.idNumber });
      },
      column: '身份证号',
      reason: '该身份证号已建档',
      code: 'duplicate_id_number',
    },
  ];
  for (const c of cases) {
    test(`refuses the whole file for ${c.name}, naming row, column and reason, writing nothing`, async () => {
      const good = [row(), row()];
      const res = await upload(officer, await xlsx([good[0]!, await c.bad(), good[1]!]));
      assert.equal(res.statusCode, 422, res.body);
      const body = res.json();
      assert.equal(body.code, 'import_invalid');
      assert.equal(body.message, '导入文件有 1 处错误，未写入任何数据');
      const reason = typeof c.reason === 'function' ? c.reason() : c.reason;
      assert.deepEqual(body.errors, [{ row: 3, column: c.column, reason, code: c.code }]);
      assert.ok(body.reportId);
      for (const g of good) assert.equal(await registered(g[1]), 0);
    });
  }

  test('a duplicate within the file names the first row; header synonyms and a title row are understood', async () => {
    const first = row();
    const res = await upload(
      officer,
      await xlsx([first, row(), [...row().slice(0, 1), first[1], ...row().slice(2)]], {
        title: '上城区老年人信息登记表',
        headers: [
          '姓名',
          '公民身份号码',
          '手机号',
          '社区',
          '地址',
          '户籍地',
          '独居老人',
          '低保户',
          '联系人',
          '紧急联系电话',
          '关系',
        ],
      }),
    );
    assert.equal(res.statusCode, 422, res.body);
    assert.deepEqual(res.json().errors, [
      { row: 5, column: '公民身份号码', reason: '身份证号与第 3 行重复', code: 'import_duplicate_in_file' },
    ]);
    assert.equal(await registered(first[1]), 0);
  });

  test('reasons follow Accept-Language; several problems in one row are all listed', async () => {
    const res = await upload(officer, await xlsx([row(), row({ name: '', id: badCheck, contactPhone: '12' })]), {
      lang: 'en',
    });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().message, 'The import file has 4 errors; nothing was written');
    assert.deepEqual(res.json().errors, [
      { row: 3, column: '姓名', reason: 'Missing required field 姓名', code: 'required' },
      {
        row: 3,
        column: '身份证号',
        reason: 'The ID number check character is wrong (GB 11643)',
        code: 'id_number_check_digit',
      },
      { row: 3, column: '紧急联系人', reason: 'Missing required field 紧急联系人', code: 'required' },
      { row: 3, column: '联系人电话', reason: 'Field 联系人电话 has an invalid format', code: 'invalid_format' },
    ]);
  });

  test('an ambiguous community name lists the candidates; another district is out of reach', async () => {
    const res = await upload(officer, await xlsx([row({ community: '兴隆社区' })]));
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json().errors, [
      {
        row: 2,
        column: '所属社区',
        reason:
          '社区名称“兴隆社区”对应多个社区：上城区望江街道兴隆社区（330102010057）、上城区彭埠街道兴隆社区（330102015013）；请改填 12 位社区代码',
        code: 'community_name_ambiguous',
      },
    ]);
    const westLake = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    const outside = await upload(
      westLake,
      await xlsx([row({ community: '330102001051' }), row({ community: '清波门社区' })]),
    );
    assert.deepEqual(
      outside.json().errors.map((e: { reason: string }) => e.reason),
      ['无权在该辖区 330102001051 操作', '您的辖区内没有名为“清波门社区”的社区（村）'],
    );
  });

  test('partial mode writes the good rows and reports the rest, with a downloadable report', async () => {
    const rows = [row(), row({ id: badCheck }), row(), row({ community: '' })];
    const res = await upload(officer, await xlsx(rows), { query: '?partial=true' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.imported, 2);
    assert.equal(body.skipped, 2);
    assert.deepEqual(
      body.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code]),
      [
        [3, '身份证号', 'id_number_check_digit'],
        [5, '所属社区', 'required'],
      ],
    );
    assert.equal(await registered(rows[0]![1]), 1);
    assert.equal(await registered(rows[2]![1]), 1);
    assert.equal(await registered(rows[1]![1]), 0);

    const report = await t.call(officer, { method: 'GET', url: `/api/v1/elders/import-reports/${body.reportId}.xlsx` });
    assert.equal(report.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((s) => s.name),
      ['错误明细', '未导入的行'],
    );
    assert.deepEqual((wb.worksheets[0]!.getRow(2).values as unknown[]).slice(1), [
      3,
      '身份证号',
      '身份证号校验位不正确（GB 11643）',
    ]);
    const refused = wb.worksheets[1]!;
    assert.equal(refused.getRow(2).getCell(2).value, badCheck);
    assert.equal(refused.getRow(3).getCell(BUREAU_HEADERS.length + 2).value, 5);
    const csv = await t.call(officer, { method: 'GET', url: `/api/v1/elders/import-reports/${body.reportId}.csv` });
    assert.ok(csv.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])));
    assert.match(csv.body, /行号,列,错误原因\r\n3,身份证号,身份证号校验位不正确/);
    const stranger = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    assert.equal(
      (await t.call(stranger, { method: 'GET', url: `/api/v1/elders/import-reports/${body.reportId}.xlsx` }))
        .statusCode,
      404,
    );
  });

  test('reads CSV in UTF-8 with BOM and in GBK', async () => {
    const toCsv = (rows: unknown[][]) =>
      [BUREAU_HEADERS, ...rows].map((r) => r.map((v) => `"${String(v)}"`).join(',')).join('\r\n');
    const utf8Rows = [row({ alone: '是' }), row()];
    const utf8 = await upload(officer, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(toCsv(utf8Rows))]), {
      name: 'elders.csv',
    });
    assert.equal(utf8.statusCode, 200, utf8.body);
    assert.equal(utf8.json().imported, 2);
    const gbkRows = [row({ name: '赵钱孙', community: '劳动路社区' }), row({ name: '周吴郑' })];
    const gbkFile = gbk(toCsv(gbkRows));
    assert.equal(decodeText(gbkFile).encoding, 'gb18030');
    const res = await upload(officer, gbkFile, { name: 'elders.csv' });
    assert.equal(res.statusCode, 200, res.body);
    const e = (await t.call(officer, { method: 'GET', url: `/api/v1/elders?q=${gbkRows[0]![1]}` })).json().items[0];
    assert.equal(e.name, '赵钱孙');
    assert.equal(e.communityName, '劳动路社区');
    // A GBK file with a bad row reports the row as Excel shows it.
    const bad = await upload(officer, gbk(toCsv([row(), row({ community: '查无此社区' })])), { name: 'x.csv' });
    assert.deepEqual(bad.json().errors, [
      {
        row: 3,
        column: '所属社区',
        reason: '您的辖区内没有名为“查无此社区”的社区（村）',
        code: 'community_name_unknown',
      },
    ]);
  });

  test('the template downloads with notes and communities, and imports back once filled in', async () => {
    const res = await t.call(officer, { method: 'GET', url: '/api/v1/elders/import-template.xlsx' });
    assert.equal(res.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((s) => s.name),
      ['老人信息', '填写说明', '社区列表'],
    );
    const sheet = wb.getWorksheet('老人信息')!;
    assert.equal(sheet.getRow(1).getCell(2).value, '身份证号');
    assert.ok(wb.getWorksheet('社区列表')!.rowCount > 100);
    // Unchanged, the template has only its example row: nothing to import.
    const empty = await upload(officer, res.rawPayload);
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().code, 'import_no_rows');
    const filled = row();
    sheet.addRow([filled[0], filled[1], '', '清波门社区', '某路 1 号', '', '是']);
    const imported = await upload(officer, Buffer.from(await wb.xlsx.writeBuffer()));
    assert.equal(imported.statusCode, 200, imported.body);
    assert.equal(imported.json().imported, 1);
  });

  test('refuses files that cannot be imported at all', async () => {
    const missing = await upload(officer, await xlsx([row().slice(0, 4)], { headers: BUREAU_HEADERS.slice(0, 4) }));
    assert.equal(missing.statusCode, 422);
    assert.deepEqual(missing.json().errors, [
      { row: 1, column: '详细地址', reason: '缺少必填列“详细地址”', code: 'import_missing_column' },
    ]);
    const xls = await upload(officer, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(100)]), {
      name: 'old.xls',
    });
    assert.equal(xls.statusCode, 400);
    assert.equal(xls.json().code, 'import_unsupported_format');
    const noHeader = await upload(officer, await xlsx([], { headers: ['序号', '备注'] }));
    assert.equal(noHeader.json().code, 'import_no_header');
    const assessor = await t.userWith('assessor', { jurisdictionCode: '330102' });
    assert.equal((await upload(assessor, await xlsx([row()]))).statusCode, 403);
  });

  test('imported homes carry their H3 cell', async () => {
    const rows = [row(), row({ community: '330102001052' })];
    const res = await upload(officer, await xlsx(rows));
    assert.equal(res.statusCode, 200, res.body);
    const stored = await t.database.db
      .selectFrom('elders')
      .select(['lat', 'lng', 'home_h3_r9'])
      .where(
        'id_number',
        'in',
        rows.map((r) => String(r[1])),
      )
      .execute();
    assert.equal(stored.length, 2);
    for (const e of stored) assert.equal(e.home_h3_r9, e.lat == null ? null : latLngToCell(e.lat, e.lng!, 9));
    assert.ok(stored.some((e) => e.home_h3_r9 !== null));
  });
});

/** A zip of deflated entries, as Excel writes them. */
function zip(entries: [string, string | Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const packed = deflateRawSync(data, { level: 9 });
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(data), 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(n.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, n, packed);
    central.push(entry, n);
    offset += 30 + n.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** A hand-written .xlsx: sheet "老人" with the given <row> elements, and optional shared strings. */
function craftedXlsx(rows: string, sharedStrings?: string): Buffer {
  return zip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ],
    [
      'xl/workbook.xml',
      `<?xml version="1.0"?><workbook ${SHEET_NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="老人" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ],
    [
      'xl/worksheets/sheet1.xml',
      `<?xml version="1.0"?><worksheet ${SHEET_NS}><sheetData>${rows}</sheetData></worksheet>`,
    ],
    ...(sharedStrings ? ([['xl/sharedStrings.xml', sharedStrings]] as [string, string][]) : []),
  ]);
}
const HEADER_ROW = `<row r="1">${['姓名', '身份证号', '所属社区', '详细地址'].map((h, i) => inline(`${columnLetter(i + 1)}1`, h)).join('')}</row>`;

describe('import limits: a file is refused before it can exhaust the server', () => {
  let t: TestApp;
  let worker: string;
  before(async () => {
    t = await testApp();
    worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
  });
  after(() => t.close());
  const upload = (file: Buffer, name = 'elders.xlsx') => {
    const { payload, headers } = multipart(file, name);
    return t.call(worker, { method: 'POST', url: '/api/v1/elders/import', payload, headers });
  };
  const elders = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('elders')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('20,000 rows that each name column XFD: 400 naming the column, memory bounded, health answering', async () => {
    const rows = [HEADER_ROW];
    for (let r = 2; r <= 20_001; r++)
      rows.push(`<row r="${r}">${inline(`A${r}`, '张三')}${inline(`XFD${r}`, 'x')}</row>`);
    const file = craftedXlsx(rows.join(''));
    assert.ok(file.length < 200_000, `${file.length} bytes`);
    const before = await elders();

    // Over a real socket, so a blocked event loop shows as a slow health answer.
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const token = worker;
    const form = new FormData();
    form.append('file', new Blob([file]), 'elders.xlsx');
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
    const started = performance.now();
    let done = false;
    const uploading = fetch(`${address}/api/v1/elders/import`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    }).finally(() => (done = true));
    const healthTimes: number[] = [];
    do {
      const asked = performance.now();
      const health = await fetch(`${address}/api/v1/health`);
      assert.equal(health.status, 200);
      healthTimes.push(performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 5));
    } while (!done);
    const res = await uploading;
    const body = (await res.json()) as { code: string; message: string };
    const elapsed = performance.now() - started;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(body.code, 'import_too_many_columns');
    assert.equal(
      body.message,
      `工作表“老人”第 2 行用到了 XFD 列，导入最多读取 ${IMPORT_LIMITS.columns} 列（A–CV）：请删除 CV 列右侧的多余列后重新上传`,
    );
    const growthMb = (rssPeak - rssBefore) / 1024 / 1024;
    console.log(
      `XFD file: ${file.length} bytes, answered in ${elapsed.toFixed(0)} ms, rss growth ${growthMb.toFixed(1)} MB, slowest health ${Math.max(...healthTimes).toFixed(1)} ms over ${healthTimes.length} calls`,
    );
    assert.ok(growthMb < 200, `rss grew ${growthMb.toFixed(0)} MB`);
    // Reading the whole sheet would block the loop for many seconds; 3 s leaves room for a loaded machine.
    assert.ok(Math.max(...healthTimes) < 3000, `health took ${Math.max(...healthTimes)} ms`);
    assert.equal(await elders(), before);
  });

  test('a column past CV is refused in a CSV too; up to CV is read', async () => {
    const header = ['姓名', '身份证号', '所属社区', '详细地址'];
    const wide = (width: number) =>
      [header, ['张三', idNumber(), '清波门社区', '劳动路 1 号']]
        .map((r) => [...r, ...Array(width - r.length).fill(''), 'x'].join(','))
        .join('\r\n');
    const refused = await upload(Buffer.from(wide(IMPORT_LIMITS.columns)), 'wide.csv');
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(refused.json().code, 'import_too_many_columns');
    assert.match(refused.json().message, /第 1 行用到了 CW 列/);
    const read = await upload(Buffer.from(wide(IMPORT_LIMITS.columns - 1)), 'wide.csv');
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual([read.json().imported, read.json().ignoredColumns], [1, ['x']]);
  });

  test('a cell longer than the limit is refused, naming the cell', async () => {
    const before = await elders();
    const res = await upload(await xlsx([row(), row({ name: '张'.repeat(IMPORT_LIMITS.cellChars + 1) })]));
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().message, `工作表“老人”的单元格 A3 超过 ${IMPORT_LIMITS.cellChars} 个字符`);
    assert.equal(await elders(), before);
  });

  test('more rows than the limit are refused with 413', async () => {
    const lines = ['姓名,身份证号,所属社区,详细地址'];
    for (let i = 0; i <= IMPORT_LIMITS.rows; i++) lines.push(`x${i},1,清波门社区,路`);
    const res = await upload(Buffer.from(lines.join('\n')), 'many.csv');
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().message, `一个导入文件最多 ${IMPORT_LIMITS.rows} 行，请拆分后分批导入`);
  });

  test('more non-empty cells than the limit are refused with 413', async () => {
    const width = IMPORT_LIMITS.columns;
    const line = ['x', '1', '清波门社区', '路', ...Array(width - 4).fill('1')].join(',');
    const rows = Math.ceil(IMPORT_LIMITS.cells / width) + 1;
    const text = `姓名,身份证号,所属社区,详细地址\n${`${line}\n`.repeat(rows)}`;
    const res = await upload(Buffer.from(text), 'cells.csv');
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().code, 'import_too_many_cells');
  });

  test('a shared-strings part that inflates past its cap is refused without being inflated in memory', async () => {
    const bomb = `<?xml version="1.0"?><sst ${SHEET_NS}><si><t>${'A'.repeat(70 * 1024 * 1024)}</t></si></sst>`;
    const file = craftedXlsx(HEADER_ROW, bomb);
    assert.ok(file.length < 200_000, `${file.length} bytes`);
    const rssBefore = process.memoryUsage().rss;
    const res = await upload(file);
    const growthMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().code, 'import_file_inflates_too_large');
    assert.ok(growthMb < 200, `rss grew ${growthMb.toFixed(0)} MB`);
  });

  test('a hand-written file within the limits still imports (no shared strings part, inline strings)', async () => {
    const id = idNumber('1950-03-04');
    const res = await upload(
      craftedXlsx(
        `${HEADER_ROW}<row r="2">${inline('A2', '李四')}${inline('B2', id)}${inline('C2', '清波门社区')}${inline('D2', '劳动路 2 号')}</row>`,
      ),
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().imported, 1);
  });
});

describe('import format rules', () => {
  test('header synonyms, community aliases and household registration names', () => {
    for (const [header, field] of [
      ['公民身份号码', 'idNumber'],
      ['身份证号*', 'idNumber'],
      ['手机号', 'phone'],
      ['所属社区（村）', 'community'],
      ['地址', 'address'],
      ['联系人电话', 'contactPhone'],
      ['性别', undefined],
    ] as const) {
      assert.equal(fieldOfHeader(header), field, header);
    }
    assert.deepEqual(communityAliases('三江口村委会'), ['三江口村委会', '三江口', '三江口村']);
    assert.deepEqual(communityAliases('清波门社区'), ['清波门社区', '清波门']);
    assert.equal(hukouCode('浙江省杭州市上城区'), '330102');
    assert.equal(hukouCode('杭州市西湖区北山街道'), '330106');
    assert.equal(hukouCode('北京市朝阳区'), '110105');
    assert.equal(hukouCode('安徽省'), '340000');
    assert.equal(hukouCode('330106'), '330106');
    assert.equal(hukouCode('本地'), undefined);
  });
});

describe('two strict imports at once that share one ID number', () => {
  let t: TestApp;
  let officers: [string, string];
  before(async () => {
    t = await testApp();
    officers = [
      await t.userWith('district_officer', { jurisdictionCode: '330102' }),
      await t.userWith('district_officer', { jurisdictionCode: '330102' }),
    ];
  });
  after(() => t.close());

  test('one writes all its rows, the other none: all or nothing holds under a race', async () => {
    const rowsPerFile = 300;
    // Numbers unique to this test (its own birth year), one of them in both files.
    const ids = Array.from({ length: 2 * rowsPerFile - 1 }, (_, i) =>
      makeCitizenId(
        '330102',
        `1939-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (Math.floor(i / 12) % 28)).padStart(2, '0')}`,
        100 + Math.floor(i / 336),
      ),
    );
    const shared = ids[0]!;
    const file = (own: string[]) => xlsx([shared, ...own].map((id, i) => row({ id, name: `并发${i}` })));
    const files = [await file(ids.slice(1, rowsPerFile)), await file(ids.slice(rowsPerFile))];
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('elders')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('birth_date', '<', '1940-01-01')
            .where('birth_date', '>=', '1939-01-01')
            .executeTakeFirstOrThrow()
        ).n,
      );
    assert.equal(await count(), 0);
    const results = await Promise.all(
      files.map((f, i) =>
        t.call(officers[i]!, { method: 'POST', url: '/api/v1/elders/import', ...multipart(f, 'elders.xlsx') }),
      ),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [200, 422], results.map((r) => r.body.slice(0, 200)).join('\n'));
    const won = results.find((r) => r.statusCode === 200)!.json();
    const lost = results.find((r) => r.statusCode === 422)!.json();
    assert.equal(won.imported, rowsPerFile);
    assert.equal(lost.code, 'import_invalid');
    assert.deepEqual(
      lost.errors.map((e: { row: number; code: string }) => [e.row, e.code]),
      [[2, 'duplicate_id_number']],
      'the shared number is the one problem',
    );
    assert.equal(await count(), rowsPerFile, 'the refused file left no rows behind');
  });
});
