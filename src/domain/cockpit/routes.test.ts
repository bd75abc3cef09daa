import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { mapTileSource } from './routes.js';

describe('cockpit: the map base layer, offline unless a tile server is configured', () => {
  test('no MAP_TILE_URL: offline; a malformed one stops the boot with a clear message', () => {
    assert.equal(mapTileSource({}), null);
    assert.equal(mapTileSource({ MAP_TILE_URL: ' ' }), null);
    assert.throws(() => mapTileSource({ MAP_TILE_URL: 'ftp://x/{z}/{x}/{y}' }), /MAP_TILE_URL/);
    assert.throws(() => mapTileSource({ MAP_TILE_URL: 'https://x/tiles.png' }), /\{z\}/);
    assert.deepEqual(mapTileSource({ MAP_TILE_URL: 'https://t/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© 天地图' }), {
      url: 'https://t/{z}/{x}/{y}.png',
      attribution: '© 天地图',
    });
  });

  describe('with a tile server', () => {
    let t: TestApp;
    let token: string;
    let tileServer: Server;
    const asked: string[] = [];
    before(async () => {
      tileServer = createServer((req, res) => {
        asked.push(req.url ?? '');
        if (req.url === '/9/427/211.png')
          res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([137, 80]));
        else res.writeHead(404).end();
      });
      await new Promise<void>((ok) => tileServer.listen(0, '127.0.0.1', ok));
      const { port } = tileServer.address() as AddressInfo;
      process.env.MAP_TILE_URL = `http://127.0.0.1:${port}/{z}/{x}/{y}.png`;
      t = await testApp();
      delete process.env.MAP_TILE_URL;
      token = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    });
    after(async () => {
      await t.close();
      tileServer.close();
    });

    test('the web app is told to load tiles through this server, which passes them on', async () => {
      const config = await t.call(token, { method: 'GET', url: '/api/v1/cockpit/map/config' });
      assert.equal(config.statusCode, 200, config.body);
      assert.deepEqual(config.json(), { tileUrl: '/api/v1/cockpit/map/tiles/{z}/{x}/{y}', attribution: null });
      const tile = await t.call(token, { method: 'GET', url: '/api/v1/cockpit/map/tiles/9/427/211' });
      assert.equal(tile.statusCode, 200, tile.body);
      assert.equal(tile.headers['content-type'], 'image/png');
      assert.deepEqual([...tile.rawPayload], [137, 80]);
      assert.deepEqual(asked, ['/9/427/211.png']);
    });

    test('a tile outside the zoom level is 404; a tile server that fails answers 502', async () => {
      assert.equal((await t.call(token, { method: 'GET', url: '/api/v1/cockpit/map/tiles/2/4/0' })).statusCode, 404);
      const failed = await t.call(token, { method: 'GET', url: '/api/v1/cockpit/map/tiles/9/1/1' });
      assert.equal(failed.statusCode, 502);
      assert.equal(failed.json().code, 'cockpit_tile_unavailable');
      assert.equal((await t.call(null, { method: 'GET', url: '/api/v1/cockpit/map/config' })).statusCode, 401);
    });
  });
});
