// Chinese names for a Hangzhou population. Surnames weighted roughly as in Zhejiang (陈 and 王
// lead, 沈/金/俞/钱/章 are far more common than nationally); given names follow the fashions of
// the birth years: 根/娣/英 before 1949, 建国/国庆/解放 1949–57, 跃进/卫东/红 1958–66.
import { chance, pickSkewed, type Rng, WeightedPick } from './random.js';

// Surname and weight (per mille, approximate); the tail shares what is left.
const SURNAME_TABLE =
  '陈75 王65 张50 李45 吴35 徐33 周30 沈23 朱22 金21 杨20 黄19 刘18 胡17 林16 俞15 方14 蒋12 钱12 章11 ' +
  '何11 孙10 郑10 汪10 叶10 姚9 赵9 马8 潘8 施8 许8 洪7 郭7 邵7 孔6 戴6 董6 楼6 傅6 丁6 ' +
  '高6 罗5 韩5 谢5 宋5 唐5 冯5 陆5 程5 袁5 曹5 严5 范5 魏4 蔡4 梁4 毛4 顾4 卢4 童4 ' +
  '邱4 江4 应4 盛4 葛4 费3 柴3 裘3 余3 任3 倪3 骆3 华3 屠3 翁3 莫3 鲍3 夏3 石3 田3 ' +
  '邹2 杜2 彭2 曾2 吕2 龚2 史2 陶2 贾2 邵2 阮2 钟2 单2 詹2 卓2 诸2 闻2 竺2 凌2 姜2';

const parsed = SURNAME_TABLE.trim()
  .split(/\s+/)
  .map((s) => ({ name: s.replace(/\d+$/, ''), weight: Number(s.match(/\d+$/)![0]) }));
const SURNAMES = new WeightedPick(
  parsed.map((s) => s.name),
  parsed.map((s) => s.weight),
);

type Era = 'old' | 'founding' | 'late';
const eraOf = (birthYear: number): Era => (birthYear < 1949 ? 'old' : birthYear < 1958 ? 'founding' : 'late');

// Ordered from more to less common within each list (pickSkewed favours the front).
const GIVEN: Record<'M' | 'F', Record<Era, string[]>> = {
  M: {
    old: (
      '根生 金根 水根 福根 荣根 德明 德华 宝根 炳荣 志明 长根 海林 国良 国祥 文华 松林 荣华 福林 ' +
      '祖德 兴发 世昌 正德 财根 云龙 炳华 长林 林生 金水 银根 有才 伯明 汉章 鸿生 木根 阿毛 ' +
      '荣 福 祥 昌 坤 才'
    ).split(' '),
    founding: (
      '建国 国庆 建华 建平 建明 国平 国强 解放 新华 国华 志强 立新 和平 振华 伟民 建新 ' +
      '建中 卫国 援朝 胜利 国荣 永康 永明 庆华 建林 跃华 建军 雪根 国良 志华 军 平 华 明 强'
    ).split(' '),
    late: (
      '建平 跃进 卫东 建军 卫国 红卫 向东 国伟 海军 永红 建忠 志刚 国平 晓明 小平 建伟 卫平 ' +
      '忠华 红兵 向阳 文龙 建荣 海明 伟 勇 军 斌 敏 刚 健 峰'
    ).split(' '),
  },
  F: {
    old: (
      '秀英 桂英 凤英 菊英 玉英 月英 秀珍 宝珍 素珍 玉珍 月娥 彩娥 杏娣 招娣 根娣 金花 翠花 ' +
      '桂花 玉兰 秀兰 桂兰 素琴 雪琴 美娟 金娣 小妹 银娣 爱珍 彩凤 月仙 素娥 巧英 佩珍 宝娣 英 珍'
    ).split(' '),
    founding: (
      '秀兰 美华 丽华 建英 爱华 秀芳 玉华 秀珍 国英 凤仙 月华 丽娟 美娟 桂芳 秀琴 惠芳 ' +
      '杏芳 菊芬 美芬 爱娣 素芬 彩萍 桂珍 雪英 建华 秀云 丽萍 亚芬 美珍 芳 英 华'
    ).split(' '),
    late: (
      '红英 丽萍 红梅 卫红 爱萍 建萍 亚萍 美芳 丽芳 小英 晓红 红霞 秀红 月琴 利娟 雪芳 素萍 ' +
      '彩琴 建芬 丽娟 燕 红 萍 芳 敏 琴 霞 华 英'
    ).split(' '),
  },
};

// Their children, born roughly 1950–1995.
const CHILD_GIVEN: Record<'M' | 'F', string[]> = {
  M: (
    '伟 强 军 勇 磊 杰 涛 斌 峰 明 超 俊 浩 建华 海峰 晓东 志勇 国伟 建军 伟东 卫东 海涛 立新 文杰 ' +
    '俊杰 宇 鹏 健 波 杭军 洪波 伟峰'
  ).split(' '),
  F: (
    '芳 敏 静 丽 艳 娟 霞 燕 萍 红 玲 婷 丹 慧 琳 晓燕 丽娟 海燕 红梅 雪梅 晓红 丽萍 慧芳 佳 颖 倩 ' +
    '蕾 洁 雯 琼 晓霞 杭英'
  ).split(' '),
};

export function surname(rng: Rng): string {
  return SURNAMES.pick(rng);
}

/** A full name for someone born in `birthYear`. */
export function elderName(rng: Rng, sex: 'M' | 'F', birthYear: number, family = surname(rng)): string {
  return family + pickSkewed(rng, GIVEN[sex][eraOf(birthYear)], 1.6);
}

export function childName(rng: Rng, sex: 'M' | 'F', family: string): string {
  // About one child in ten got a given name from the parents' generation list.
  const list = chance(rng, 0.1) ? GIVEN[sex].late : CHILD_GIVEN[sex];
  return family + pickSkewed(rng, list, 1.4);
}
